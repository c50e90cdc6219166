// The two streaming calls of the Node client, written with the stream's
// events. client.js uses them; the tests (node/exercise/) run them against
// the Go server: go test -run TestNodeStreams ./05-bidi/
'use strict';

const grpc = require('@grpc/grpc-js');

// callArgs are what every call carries: the bearer token as metadata, and
// a deadline, so that a stuck server or a stuck stream ends the call.
function callArgs(token, timeoutMs) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return [metadata, { deadline: Date.now() + timeoutMs }];
}

// listProducts reads one ListProducts stream (one page) and resolves with
// every message, in order, once the stream has ended with OK. It rejects
// with the stream's error (its .code is the gRPC code) if the stream fails,
// even after some messages arrived.
function listProducts(client, token, request, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const call = client.ListProducts(request, ...callArgs(token, timeoutMs));
    const messages = [];
    call.on('data', (message) => messages.push(message));
    call.on('error', reject); // a non-OK status; 'end' may still follow
    call.on('end', () => resolve(messages)); // settles nothing after a reject
  });
}

// productUpdates sends every update on one ProductUpdates stream and
// resolves with the answers, in order, once the server has ended the stream
// with OK. It respects back-pressure (write() returning false means "wait
// for 'drain'"), half-closes after the last update, and rejects with the
// stream's error if the stream fails.
function productUpdates(client, token, updates, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const call = client.ProductUpdates(...callArgs(token, timeoutMs));
    const answers = [];
    let failed = false;
    // Read while writing: answers are taken as they come.
    call.on('data', (answer) => answers.push(answer));
    call.on('error', (err) => { failed = true; reject(err); });
    call.on('end', () => resolve(answers));

    (async () => {
      for (const update of updates) {
        if (failed) return; // the stream is over: nothing more to send
        if (!call.write(update)) {
          await drained(call); // the buffer is full: wait until it empties
        }
      }
      call.end(); // half-close: the server ends the stream after the last answer
    })();
  });
}

// drained resolves on 'drain', or when the stream fails (no 'drain' will
// come then).
function drained(call) {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('error', done);
      resolve();
    };
    call.on('drain', done);
    call.on('error', done);
  });
}

module.exports = { listProducts, productUpdates };
