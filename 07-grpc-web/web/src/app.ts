// The browser side of step 07: the same ProductService, called with
// gRPC-Web straight from the page to the Go server (no Envoy).
//
// ?api=http://host:port  calls an API on another origin (CORS decides);
// ?token=...             the bearer token (default: the workshop's).
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ProductService, ProductStatus } from "./gen/ecommerce/v1/product_service_pb";
import { streamProducts } from "./stream";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("api") ?? location.origin;
const token = params.get("token") ?? "workshop-token";

// Every call carries the token, as metadata does in Go and Node.
const auth: Interceptor = (next) => async (req) => {
  req.header.set("Authorization", `Bearer ${token}`);
  return next(req);
};
const client = createClient(ProductService, createGrpcWebTransport({ baseUrl, interceptors: [auth] }));

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// An error as the page shows it: the gRPC code's name and number, and the
// server's message. A browser-level failure (refused by CORS, no network)
// has no gRPC status: connect-es reports it as Unknown.
function describe(err: unknown): string {
  const e = ConnectError.from(err);
  return `error: ${Code[e.code]} (code ${e.code}): ${e.rawMessage}`;
}

async function getProduct(id: string): Promise<void> {
  const out = $("result");
  out.textContent = "loading...";
  out.className = "";
  try {
    const p = await client.getProduct({ productId: id }, { timeoutMs: 5000 });
    out.textContent = `${p.id}: ${p.name}, ${p.price.toFixed(2)} (${p.category}, ${ProductStatus[p.status]}, ${p.stockQuantity} in stock)`;
  } catch (err) {
    out.textContent = describe(err);
    out.className = "error";
  }
}

// The server stream fills the list as messages arrive, with your
// streamProducts (stream.ts), in pages of 10 to show the tokens at work.
async function listProducts(category: string): Promise<void> {
  const list = $("list");
  const status = $("list-status");
  list.replaceChildren();
  status.textContent = "streaming...";
  try {
    const n = await streamProducts(client, category, 10, (p) => {
      const li = document.createElement("li");
      li.textContent = `${p.id} ${p.name} (${p.category}) ${p.price.toFixed(2)}`;
      list.append(li);
      status.textContent = `streaming... ${list.childElementCount}`;
    });
    status.textContent = `done: ${n} products`;
  } catch (err) {
    status.textContent = describe(err);
  }
}

// What a browser cannot do over gRPC-Web: send a stream. connect-web's
// gRPC-Web transport refuses a client or bidi stream before any request
// leaves the page (fetch cannot stream a request body), so these fail the
// same way whatever the server. The page tries both and shows what it gets.
async function* oneProduct() {
  yield { id: "prod-web", name: "Never sent", price: 1, category: "books", stockQuantity: 1, status: ProductStatus.ACTIVE };
}
async function* oneUpdate() {
  yield { productId: "prod-001", update: { case: "stockAdjustment" as const, value: 1 } };
}

async function tryUpload(): Promise<string> {
  try {
    const res = await client.uploadProducts(oneProduct(), { timeoutMs: 5000 });
    return `created ${res.productsCreated}: this browser streamed a request body`;
  } catch (err) {
    return describe(err);
  }
}

async function tryUpdates(): Promise<string> {
  try {
    for await (const res of client.productUpdates(oneUpdate(), { timeoutMs: 5000 })) {
      return `answered ${res.productId}: this browser streamed a request body`;
    }
    return "ended with no answer";
  } catch (err) {
    return describe(err);
  }
}

async function showLimits(): Promise<void> {
  $("upload").textContent = await tryUpload();
  $("updates").textContent = await tryUpdates();
}

$("get-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void getProduct($<HTMLInputElement>("product-id").value.trim());
});
$("list-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void listProducts($<HTMLSelectElement>("category").value);
});
$("api").textContent = baseUrl === location.origin ? "same origin" : baseUrl;

void getProduct("prod-001");
void listProducts("");
void showLimits();
