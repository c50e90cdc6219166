// A Node.js client for all four ProductService RPCs, from the same .proto as
// the Go server (no code generation: @grpc/proto-loader reads it at start).
//
//   go run ./05-bidi/cmd/server          # terminal 1
//   node 05-bidi/node/client.js          # terminal 2
//
// Each RPC is a small async function that returns a promise. The two
// streaming reads, ListProducts and ProductUpdates, are yours to write, in
// streams.js (the stretch exercise "NodeClient" of 05-bidi/README.md).
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { listProducts, productUpdates } = require('./streams.js');

const PROTO_ROOT = path.join(__dirname, '..', '..', '01-proto');

const definition = protoLoader.loadSync('ecommerce/v1/product_service.proto', {
  // third_party holds google/api/annotations.proto, which the contract
  // imports for its REST routes; google/protobuf comes with proto-loader.
  includeDirs: [PROTO_ROOT, path.join(PROTO_ROOT, 'third_party')],
  keepCase: true, // field names as in the .proto: product_id, not productId
  enums: String, // 'PRODUCT_STATUS_ACTIVE' rather than 1
  longs: Number,
  defaults: true, // unset fields read as their zero value, as in Go
  oneofs: true, // a oneof's name tells which case is set: update === 'new_price'
});
const { ecommerce } = grpc.loadPackageDefinition(definition);

// connect returns a client and the call options every call needs: the bearer
// token and a deadline. Without a deadline a call to a stuck server never ends.
function connect(address, token, timeoutMs = 5000) {
  const client = new ecommerce.v1.ProductService(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const options = () => ({ deadline: Date.now() + timeoutMs });
  return { client, metadata, options };
}

// Unary: one request, one response.
function getProduct({ client, metadata, options }, productId) {
  return new Promise((resolve, reject) => {
    client.GetProduct({ product_id: productId }, metadata, options(), (err, product) =>
      err ? reject(err) : resolve(product));
  });
}

// Client streaming: write every product, end (half-close), await the answer.
// (A few products never fill the call's buffer; for many, respect write()'s
// false as productUpdates in streams.js does.)
function uploadProducts({ client, metadata, options }, products) {
  return new Promise((resolve, reject) => {
    const call = client.UploadProducts(metadata, options(), (err, response) =>
      err ? reject(err) : resolve(response));
    for (const product of products) {
      call.write(product);
    }
    call.end();
  });
}

// The demo, in an order that works: the guide called GetProduct for a
// product nobody had uploaded yet, so its first call failed.
async function main() {
  const address = process.argv[2] || process.env.ADDR || '127.0.0.1:50051';
  const token = process.env.TOKEN || 'workshop-token';
  const conn = connect(address, token);
  const prefix = `node-${Date.now()}`;
  try {
    const uploaded = await uploadProducts(conn, [
      { id: `${prefix}-1`, name: 'Widget', price: 9.99, category: 'gadgets', stock_quantity: 10, status: 'PRODUCT_STATUS_ACTIVE' },
      { id: `${prefix}-2`, name: 'Gizmo', price: 19.99, category: 'gadgets', stock_quantity: 5, status: 'PRODUCT_STATUS_ACTIVE' },
    ]);
    console.log(`1. UploadProducts (client stream): created ${uploaded.products_created}: ${uploaded.product_ids.join(', ')}`);

    const widget = await getProduct(conn, `${prefix}-1`);
    console.log(`2. GetProduct (unary): ${widget.id} ${widget.name} ${widget.price} ${widget.status}`);

    const page = await listProducts(conn.client, token, { category: 'books', page_size: 3 });
    const names = page.map(({ product }) => product.name);
    console.log(`3. ListProducts (server stream): ${names.length} books: ${names.join('; ')}`);

    const answers = await productUpdates(conn.client, token, [
      { product_id: `${prefix}-1`, new_price: 7.5 },
      { product_id: `${prefix}-1`, stock_adjustment: -3 },
      { product_id: 'no-such-product', stock_adjustment: 1 },
    ]);
    console.log('4. ProductUpdates (bidi):');
    for (const a of answers) {
      console.log(a.result === 'product'
        ? `   ${a.product_id}: price ${a.product.price}, stock ${a.product.stock_quantity}`
        : `   ${a.product_id}: refused, code ${a.error.code}: ${a.error.message}`);
    }

    await getProduct(conn, 'no-such-product').catch((err) => {
      console.log(`5. GetProduct of an unknown id: code ${err.code} (${grpc.status[err.code]}): ${err.details}`);
    });
  } finally {
    conn.client.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.code === undefined ? `failed: ${err.message}` : `failed: code ${err.code}: ${err.details}`);
    process.exitCode = 1;
  });
}

module.exports = { connect, getProduct, uploadProducts, grpc };
