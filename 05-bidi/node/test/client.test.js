// node --test: starts the Go stage server on a free port, runs the given
// calls of client.js (unary and client streaming), and stops the server.
// The two streaming reads are the exercise in streams.js, with their own
// tests in ../exercise/ (go test -run TestNodeStreams ./05-bidi/).
//
// The server is `go run ./05-bidi/cmd/server` (your code), or the binary in
// WORKSHOP_SERVER_BIN (workshop verify builds one with the solution).
// The tests run in file order and build on each other (upload first).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { connect, getProduct, uploadProducts, grpc } = require('../client.js');

const ROOT = path.join(__dirname, '..', '..', '..');
let server;
let conn;

function startServer() {
  const bin = process.env.WORKSHOP_SERVER_BIN;
  const args = ['-addr', '127.0.0.1:0', '-token', 'node-test-token'];
  // detached: the server gets its own process group, so after() can signal
  // `go run` and the server it started together.
  const child = bin
    ? spawn(bin, args, { cwd: ROOT, detached: true })
    : spawn('go', ['run', './05-bidi/cmd/server', ...args], { cwd: ROOT, detached: true });
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    // A first `go run` compiles the server: minutes on a cold 2-core machine.
    const timer = setTimeout(() => reject(new Error('server did not start within 300s')), 300_000);
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^listening on (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, address: m[1] });
      }
    });
  });
}

// If this process ends any other way (an exception, Ctrl-C, a kill), the
// server's process group goes with it: a detached child would otherwise
// outlive us and keep its port. (Only SIGKILL, which runs no handler, can
// still leave it behind.)
function killServer() {
  if (server) {
    try { process.kill(-server.child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killServer);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killServer(); process.exit(130); });
}

before(async () => {
  server = await startServer();
  conn = connect(server.address, 'node-test-token');
});

after(async () => {
  conn?.client.close();
  if (server) {
    const exited = new Promise((resolve) => server.child.on('exit', resolve));
    process.kill(-server.child.pid, 'SIGINT'); // the graceful stop, to the whole group
    await exited;
    server = undefined; // stopped: nothing for killServer to do
  }
});

// In an order that works: upload first, then read what was uploaded.
test('UploadProducts (client streaming) stores every product', async () => {
  const res = await uploadProducts(conn, [
    { id: 'node-1', name: 'Widget', price: 9.99, category: 'gadgets', stock_quantity: 10, status: 'PRODUCT_STATUS_ACTIVE' },
    { id: 'node-2', name: 'Gizmo', price: 19.99, category: 'gadgets', stock_quantity: 5, status: 'PRODUCT_STATUS_ACTIVE' },
  ]);
  assert.equal(res.products_created, 2);
  assert.deepEqual(res.product_ids, ['node-1', 'node-2']);
});

test('GetProduct (unary) returns the uploaded product', async () => {
  const p = await getProduct(conn, 'node-1');
  assert.equal(p.name, 'Widget');
  assert.equal(p.price, 9.99);
  assert.equal(p.status, 'PRODUCT_STATUS_ACTIVE');
  assert.ok(p.created_at.seconds > 0, 'created_at is set by the server');
});

test('GetProduct of an unknown id rejects with NOT_FOUND', async () => {
  await assert.rejects(getProduct(conn, 'no-such-product'), (err) => {
    assert.equal(err.code, grpc.status.NOT_FOUND);
    assert.match(err.details, /not found/);
    return true;
  });
});

test('a call with a wrong token is UNAUTHENTICATED', async () => {
  const anonymous = connect(server.address, 'wrong-token');
  try {
    await assert.rejects(getProduct(anonymous, 'node-1'), (err) => err.code === grpc.status.UNAUTHENTICATED);
  } finally {
    anonymous.client.close();
  }
});
