// The tests of streams.js, the Node exercise of step 05. They need two Go
// servers, which the Go test starts and names in the environment:
//
//   go test -run TestNodeStreams ./05-bidi/
//
// STREAMS_ADDR is this step's server (with the solution's or your
// ProductUpdates); TROUBLE_ADDR a server whose streams fail after their last
// message, or never answer.
// Every wait is bounded: a promise that never settles fails its test in
// seconds, with what to look at.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { listProducts, productUpdates } = require('./streams.js');

const { STREAMS_ADDR, TROUBLE_ADDR, STREAMS_TOKEN, PROTO_ROOT } = process.env;
if (!STREAMS_ADDR || !TROUBLE_ADDR || !STREAMS_TOKEN || !PROTO_ROOT) {
  throw new Error('run these tests with: go test -run TestNodeStreams ./05-bidi/');
}

const definition = protoLoader.loadSync('ecommerce/v1/product_service.proto', {
  includeDirs: [PROTO_ROOT, path.join(PROTO_ROOT, 'third_party')],
  keepCase: true, enums: String, longs: Number, defaults: true, oneofs: true,
});
const { ecommerce } = grpc.loadPackageDefinition(definition);

// Every call the code under test opens is kept, so that after() can cancel
// one that never ended (a call without a deadline would keep this process
// alive for ever).
const calls = [];
const clients = [];
//
// With holdReads, the call's messages wait in its buffer until its status
// has come, as they do on a busy process: grpc-js emits 'status' as soon as
// the status arrives, and 'end' only once every message has been read.
function newClient(address, { holdReads = false } = {}) {
  const client = new ecommerce.v1.ProductService(address, grpc.credentials.createInsecure());
  for (const name of ['ListProducts', 'ProductUpdates']) {
    const open = client[name];
    const lower = name[0].toLowerCase() + name.slice(1);
    client[name] = client[lower] = function (...args) {
      const call = open.apply(client, args);
      calls.push({ name, args, call });
      if (name === 'ProductUpdates') watchWrites(call);
      if (holdReads) {
        // Paused, read(0) still fills the buffer (up to 16 messages), and
        // grpc-js reads the status after the last of them.
        call.pause();
        call.read(0);
        call.once('status', () => setImmediate(() => call.resume()));
      }
      return call;
    };
  }
  clients.push(client);
  return client;
}
const server = newClient(STREAMS_ADDR);
const trouble = newClient(TROUBLE_ADDR);
const busy = newClient(STREAMS_ADDR, { holdReads: true });

after(() => {
  for (const { call } of calls) call.cancel();
  for (const client of clients) client.close();
});

// watchWrites counts, on a ProductUpdates call, the writes made after
// write() returned false and before 'drain' came, and the most messages
// ever waiting in the call's buffer.
function watchWrites(call) {
  const w = { early: 0, writes: 0, maxBuffered: 0, full: false, readingAtFirstWrite: false };
  call.writes = w;
  const write = call.write;
  call.write = function (...args) {
    if (w.writes === 0) w.readingAtFirstWrite = this.listenerCount('data') + this.listenerCount('readable') > 0;
    w.writes++;
    if (w.full) w.early++;
    const ok = write.apply(this, args);
    w.maxBuffered = Math.max(w.maxBuffered, this.writableLength);
    if (!ok) w.full = true;
    return ok;
  };
  call.on('drain', () => { w.full = false; });
}

// within settles like promise, or rejects after ms with words (a string, or
// a function that makes one then) that say what a promise that never
// settles means here.
function within(ms, promise, words) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const why = typeof words === 'function' ? words() : words;
      reject(new assert.AssertionError({ message: `still waiting after ${ms / 1000} s: ${why}` }));
    }, ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// explain turns a rejection the test did not expect, ms after the call,
// into words.
function explain(err, what, ms) {
  if (err instanceof assert.AssertionError) return err;
  if (err?.code === undefined || typeof err.code !== 'number') {
    return new assert.AssertionError({ message: `${what} rejected with: ${err?.message ?? err}` });
  }
  const name = grpc.status[err.code];
  const why = {
    UNAUTHENTICATED: ': send the token as metadata on every call: authorization: Bearer <token>',
    DEADLINE_EXCEEDED: ms < 100
      ? ": at once: the deadline had passed before the call began. A deadline is a point in time, Date.now() + timeoutMs, not a duration"
      : ': the call outlived its deadline. Did the server wait for your half-close (call.end() after the last write)?',
    // The Go server was sent the deadline and resets the stream when it
    // passes: CANCELLED when its clock fires before grpc-js's.
    CANCELLED: ms < 100 ? '' : ': the server cut the call at its deadline. Did the server wait for your half-close (call.end() after the last write)?',
  }[name] ?? '';
  return new assert.AssertionError({ message: `${what} rejected with ${name} (${err.code}): ${short(err.details)}${why}` });
}

async function expectOK(promise, what, ms = 4000, words = '') {
  const start = Date.now();
  try {
    return await within(ms, promise, words || `${what} never settled: resolve when the stream sends 'end'`);
  } catch (err) {
    throw explain(err, what, Date.now() - start);
  }
}

// short keeps the first clause of grpc-js's details ("Deadline exceeded
// after 2.001s,metadata filters: ...").
function short(details) {
  return String(details).split(',')[0];
}

// expectFailure checks promise rejects with the stream's status code (one
// of codes, when the race between two clocks decides which).
async function expectFailure(promise, codes, what, ms, words) {
  codes = [codes].flat();
  const code = codes[0];
  let value;
  try {
    value = await within(ms, promise, words);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    if (typeof err?.code !== 'number') {
      assert.fail(`${what} rejected with: ${err?.message ?? err}; want the stream's error, whose .code is ${grpc.status[code]} (${code})`);
    }
    assert.ok(codes.includes(err.code),
      `${what} rejected with code ${err.code} (${grpc.status[err.code]}: ${short(err.details)}), want ${grpc.status[code]} (${code}): reject with the error the stream emits`);
    return err;
  }
  assert.fail(`${what} resolved (with ${Array.isArray(value) ? value.length + ' items' : value}) although the stream failed with ${grpc.status[code]}: resolve on 'end' only, and reject on 'error'`);
}

// lastCall is the last call of name the code under test made.
function lastCall(name) {
  const c = calls.filter((x) => x.name === name).at(-1);
  assert.ok(c, `no ${name} call was made`);
  return c;
}

// deadlineOf is the deadline the last call of name was given, as a number
// (NaN if none).
function deadlineOf(name) {
  const { args } = lastCall(name);
  const options = name === 'ListProducts' ? args[2] : args[1];
  const d = options?.deadline;
  return Number(d instanceof Date ? d.getTime() : d);
}

// stalled says why a call to a server that never answers did not end.
function stalled(name, fn) {
  return () => (Number.isFinite(deadlineOf(name))
    ? `${fn} had a deadline, and the stream failed when it passed: reject the promise on 'error'`
    : `${fn}(..., 300) against a server that never answers: pass { deadline: Date.now() + timeoutMs } as the call options`);
}

function assertCallArgs(name, timeoutMs) {
  const { args } = lastCall(name);
  const metadata = name === 'ListProducts' ? args[1] : args[0];
  assert.ok(metadata instanceof grpc.Metadata,
    `${name} was called without metadata: pass a grpc.Metadata with authorization: Bearer <token> before the options`);
  assert.deepEqual(metadata.get('authorization'), [`Bearer ${STREAMS_TOKEN}`],
    `${name}'s metadata: want authorization: Bearer <the token you were given>`);
  const deadline = deadlineOf(name);
  assert.ok(Number.isFinite(deadline),
    `${name} was called without a deadline: pass { deadline: Date.now() + timeoutMs } as its options`);
  assert.ok(deadline <= Date.now() + timeoutMs,
    `${name}'s deadline is later than timeoutMs (${timeoutMs} ms) from now: use the timeoutMs you were given`);
}

test('listProducts resolves with every message of one page, in order', async () => {
  const first = await expectOK(listProducts(server, STREAMS_TOKEN, { category: 'books', page_size: 4 }, 3000), 'listProducts');
  assert.ok(Array.isArray(first), `listProducts resolved with ${first}: want the array of messages`);
  assert.equal(first.length, 4, `books, page_size 4: want 4 messages, got ${first.length}`);
  assert.ok(first.every((m) => m.product?.category === 'books'), 'each message is a ListProductsResponse with its product');
  const token = first.at(-1).next_page_token;
  assert.notEqual(token, '', 'the last message of a page that is not the last carries next_page_token');
  const second = await expectOK(listProducts(server, STREAMS_TOKEN, { category: 'books', page_size: 4, page_token: token }, 3000), 'listProducts');
  assert.equal(second.length, 2, 'the second page of the 6 books has 2');
  const ids = [...first, ...second].map((m) => m.product.id);
  assert.equal(new Set(ids).size, 6, `six different books over two pages, got ${ids.join(', ')}`);
  assertCallArgs('ListProducts', 3000);
});

test("listProducts resolves with every message even when 'status' comes before them", async () => {
  const page = await expectOK(listProducts(busy, STREAMS_TOKEN, { category: 'books', page_size: 4 }, 3000), 'listProducts');
  assert.equal(page?.length, 4,
    `books, page_size 4, read after the call's status came: got ${page?.length} messages. 'status' says how the call ended, not that its messages were read: resolve on 'end', which comes after the last 'data'`);
});

test("productUpdates resolves with every answer even when 'status' comes before them", async () => {
  const updates = Array.from({ length: 3 }, () => ({ product_id: 'prod-004', stock_adjustment: 1 }));
  const answers = await expectOK(productUpdates(busy, STREAMS_TOKEN, updates, 3000), 'productUpdates');
  assert.equal(answers?.length, 3,
    `3 updates, answers read after the call's status came: got ${answers?.length}. Resolve on 'end', which comes after the last 'data', not on 'status'`);
});

test('listProducts rejects when the stream fails after its last message', async () => {
  await expectFailure(listProducts(trouble, STREAMS_TOKEN, { category: 'fails-at-the-end', page_size: 2 }, 3000),
    grpc.status.ABORTED, 'listProducts', 2000,
    "listProducts never settled after the stream failed with ABORTED: reject the promise on 'error' (the error's .code is the gRPC code)");
});

// A call past its deadline ends with DEADLINE_EXCEEDED, from grpc-js's
// clock; or with CANCELLED when the Go server's clock is first: it was
// sent the deadline (the grpc-timeout header) and resets the stream then.
const atTheDeadline = [grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED];

test('listProducts gives up at its deadline', async () => {
  const start = Date.now();
  await expectFailure(listProducts(trouble, STREAMS_TOKEN, { category: 'stalls' }, 300),
    atTheDeadline, 'listProducts against a stalled server', 2000, stalled('ListProducts', 'listProducts'));
  assert.ok(Date.now() - start < 1500, 'the deadline is timeoutMs from the call');
});

test('productUpdates answers every update in order, refusals included', async () => {
  const answers = await expectOK(productUpdates(server, STREAMS_TOKEN, [
    { product_id: 'prod-002', new_price: 15 },
    { product_id: 'prod-002', stock_adjustment: -2 },
    { product_id: 'no-such-product', stock_adjustment: 1 },
    { product_id: 'prod-002', stock_adjustment: -1000 },
    { product_id: 'prod-002', new_status: 'PRODUCT_STATUS_DISCONTINUED' },
  ], 1000), 'productUpdates', 2000,
  "productUpdates never settled: resolve on 'end' (after call.end(), the server ends the stream), and set a deadline");
  assert.ok(Array.isArray(answers), `productUpdates resolved with ${answers}: want the array of answers`);
  assert.equal(answers.length, 5, `5 updates, want 5 answers, got ${answers.length}`);
  assert.deepEqual(answers.map((a) => a.product_id), ['prod-002', 'prod-002', 'no-such-product', 'prod-002', 'prod-002'], 'answers in request order');
  assert.equal(answers[0].product.price, 15);
  assert.equal(answers[1].product.stock_quantity, answers[4].product.stock_quantity, 'the refused adjustment changed nothing');
  assert.equal(answers[2].error.code, grpc.status.NOT_FOUND);
  assert.equal(answers[3].error.code, grpc.status.FAILED_PRECONDITION);
  assert.equal(answers[4].product.status, 'PRODUCT_STATUS_DISCONTINUED');
  assertCallArgs('ProductUpdates', 1000);
});

test('productUpdates with nothing to send still half-closes', async () => {
  const before = calls.filter((x) => x.name === 'ProductUpdates').length;
  const answers = await expectOK(productUpdates(server, STREAMS_TOKEN, [], 500), 'productUpdates([])', 2000,
    'productUpdates([]) never settled: call call.end() even when there is nothing to write');
  assert.deepEqual(answers, []);
  assert.equal(calls.filter((x) => x.name === 'ProductUpdates').length, before + 1,
    'productUpdates([]) made no ProductUpdates call: it is one call whatever it sends (the server learns of the client, checks its token, and ends the stream at the half-close)');
});

test('productUpdates waits for drain when write() returns false', async () => {
  const n = 500;
  const updates = Array.from({ length: n }, () => ({ product_id: 'prod-003', stock_adjustment: 1 }));
  const answers = await expectOK(productUpdates(server, STREAMS_TOKEN, updates, 3000), `productUpdates of ${n} updates`, 4000);
  const w = lastCall('ProductUpdates').call.writes;
  assert.equal(w.writes, n, `want ${n} writes, one per update, got ${w.writes}`);
  assert.ok(w.readingAtFirstWrite,
    "the first write came before anything listened for answers ('data'): listen first, then write. A client that reads only after writing everything stalls once both flow-control windows fill (the server stops reading while its answers wait)");
  assert.equal(w.early, 0,
    `${w.early} of ${n} writes came after write() had returned false and before 'drain' (up to ${w.maxBuffered} updates waited in memory): when write() returns false, wait for 'drain' before the next write`);
  assert.equal(answers.length, n, `want ${n} answers, got ${answers.length}`);
  const stock = answers.map((a) => a.product.stock_quantity);
  assert.equal(stock.at(-1) - stock[0], n - 1, 'every update applied once, in order');
});

test('productUpdates rejects when the stream fails after its last answer', async () => {
  const updates = Array.from({ length: 3 }, (_, i) => ({ product_id: `p${i}`, stock_adjustment: 1 }));
  await expectFailure(productUpdates(trouble, STREAMS_TOKEN, updates, 3000),
    grpc.status.ABORTED, 'productUpdates', 2000,
    "productUpdates never settled after the stream failed with ABORTED: reject the promise on 'error'");
});

test('productUpdates gives up at its deadline', async () => {
  const start = Date.now();
  await expectFailure(productUpdates(trouble, STREAMS_TOKEN, [{ product_id: 'stall', stock_adjustment: 1 }], 300),
    atTheDeadline, 'productUpdates against a stalled server', 2000, stalled('ProductUpdates', 'productUpdates'));
  assert.ok(Date.now() - start < 1500, 'the deadline is timeoutMs from the call');
});
