// The client side of step 07: a server stream, read in the browser.
import type { Client } from "@connectrpc/connect";
import type { Product, ProductService } from "./gen/ecommerce/v1/product_service_pb";

// streamProducts reads every product of a category ("" for all) with
// ListProducts, pageSize products per call, following next_page_token from
// one call to the next, and calls onProduct for each product as it arrives
// (the page shows it at once). It resolves to how many products came. A
// failed call rejects with its ConnectError, which the page shows.
export async function streamProducts(
  client: Client<typeof ProductService>,
  category: string,
  pageSize: number,
  onProduct: (p: Product) => void,
): Promise<number> {
  let n = 0;
  let pageToken = "";
  do {
    const stream = client.listProducts({ category, pageSize, pageToken });
    pageToken = "";
    // for await reads one message as it arrives; the loop ends when the
    // server ends the stream with OK, and throws its ConnectError otherwise.
    for await (const msg of stream) {
      if (msg.product) {
        onProduct(msg.product);
        n++;
      }
      pageToken = msg.nextPageToken; // set on a page's last message only
    }
  } while (pageToken !== "");
  return n;
}
