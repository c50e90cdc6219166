// The client side of step 07: a server stream, read in the browser.
import type { Client } from "@connectrpc/connect";
import type { Product, ProductService } from "./gen/ecommerce/v1/product_service_pb";

// streamProducts reads every product of a category ("" for all) with
// ListProducts, pageSize products per call, following next_page_token from
// one call to the next, and calls onProduct for each product as it arrives
// (the page shows it at once). It resolves to how many products came. A
// failed call rejects with its ConnectError, which the page shows.
//
// TODO(07): write it, then `npm run build` in 07-grpc-web/web.
// See 07-grpc-web/README.md#write-the-browser-client
export async function streamProducts(
  client: Client<typeof ProductService>,
  category: string,
  pageSize: number,
  onProduct: (p: Product) => void,
): Promise<number> {
  throw new Error(
    "TODO(07): write streamProducts in 07-grpc-web/web/src/stream.ts, then npm run build in 07-grpc-web/web -- see 07-grpc-web/README.md#write-the-browser-client",
  );
}
