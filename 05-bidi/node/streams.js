// EXERCISE (stretch, step 05): the two streaming calls of the Node client,
// written with the stream's events. client.js uses them; the tests
// (node/exercise/) run them against the Go server:
//
//   go test -run TestNodeStreams ./05-bidi/
//
// See 05-bidi/README.md, "Stretch: the Node client's streams".
'use strict';

const grpc = require('@grpc/grpc-js'); // eslint-disable-line no-unused-vars -- you need grpc.Metadata

// listProducts reads one ListProducts stream (one page) and resolves with
// every message, in order, once the stream has ended with OK. It rejects
// with the stream's error (its .code is the gRPC code) if the stream fails,
// even after some messages arrived. Every call carries the bearer token
// (metadata authorization: Bearer <token>) and a deadline timeoutMs away.
function listProducts(client, token, request, timeoutMs = 5000) {
  return Promise.reject(new Error(
    'TODO(05): write listProducts in 05-bidi/node/streams.js -- see 05-bidi/README.md#stretch-the-node-clients-streams'));
}

// productUpdates sends every update on one ProductUpdates stream and
// resolves with the answers, in order, once the server has ended the stream
// with OK. When write() returns false it waits for 'drain' before writing
// more; it half-closes (end()) after the last update; it rejects with the
// stream's error if the stream fails. Token and deadline as above.
function productUpdates(client, token, updates, timeoutMs = 5000) {
  return Promise.reject(new Error(
    'TODO(05): write productUpdates in 05-bidi/node/streams.js -- see 05-bidi/README.md#stretch-the-node-clients-streams'));
}

module.exports = { listProducts, productUpdates };
