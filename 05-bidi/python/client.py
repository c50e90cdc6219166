#!/usr/bin/python3
"""A Python client for all four ProductService RPCs, from the same .proto as
the Go server (the code in gen/ is made by generate.sh).

    go run ./cmd/workshop run 05                        # terminal 1
    /usr/bin/python3 05-bidi/python/client.py           # terminal 2

Run it with Debian's /usr/bin/python3: python3-grpcio and python3-protobuf
are installed for that interpreter only, and the first python3 on PATH may be
another one (pyenv, a venv) that cannot import them.

Each RPC is a small function. Unary and client streaming return the answer;
server streaming is a generator; the bidi call returns the list of answers.
A failed call raises grpc.RpcError, whose code() is the gRPC status.
"""

import argparse
import os
import sys
import time

# The generated modules import each other as ecommerce.v1.* and google.api.*
# (the contract's REST annotations), so gen/ must be on the import path. No .pyc files: nothing to clean up or ignore in git.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

try:
    import grpc
    from ecommerce.v1 import product_service_pb2 as pb
    from ecommerce.v1 import product_service_pb2_grpc as pb_grpc
except ImportError as err:
    sys.exit(
        f"{err} (in {sys.executable}): run this with Debian's /usr/bin/python3, after\n"
        "  sudo apt-get install protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf"
    )


class Connection:
    """A channel to the server and what every call sends: the bearer token,
    and a deadline. Without a deadline a call to a stuck server never ends."""

    def __init__(self, address, token, timeout=5.0):
        self.channel = grpc.insecure_channel(address)
        self.stub = pb_grpc.ProductServiceStub(self.channel)
        self.metadata = (("authorization", f"Bearer {token}"),)
        self.timeout = timeout  # seconds, for each call (a stream: the whole of it)

    def close(self):
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def get_product(conn, product_id):
    """Unary: one request, one response (the Product itself)."""
    return conn.stub.GetProduct(
        pb.GetProductRequest(product_id=product_id),
        metadata=conn.metadata,
        timeout=conn.timeout,
    )


def list_products(conn, category="", page_size=0, page_token=""):
    """Server streaming: yields each ListProductsResponse as it arrives. A
    non-OK status is raised from the loop, after the messages before it."""
    call = conn.stub.ListProducts(
        pb.ListProductsRequest(category=category, page_size=page_size, page_token=page_token),
        metadata=conn.metadata,
        timeout=conn.timeout,
    )
    try:
        yield from call
    finally:
        # A caller that stops reading early ends the stream now, rather than
        # leaving the server sending into a call nobody reads.
        call.cancel()


def upload_products(conn, products):
    """Client streaming: sends every product, half-closes, returns the one
    UploadProductsResponse. All or nothing: one refused product stores none."""
    # grpc sends from the iterator and half-closes when it is exhausted.
    return conn.stub.UploadProducts(iter(products), metadata=conn.metadata, timeout=conn.timeout)


def product_updates(conn, updates):
    """Bidirectional: sends the updates, half-closes, and returns one
    ProductUpdateResponse per update, in order. Each answer holds either
    `product` or `error` (answer.WhichOneof("result") says which): a refused
    update does not end the stream."""
    # grpc reads the request iterator on a thread of its own while this one
    # reads the answers: sending and receiving at once, so many updates
    # cannot deadlock on full flow-control windows. The deadline bounds the
    # whole exchange.
    call = conn.stub.ProductUpdates(iter(updates), metadata=conn.metadata, timeout=conn.timeout)
    return list(call)


def describe_answer(answer):
    """One line for a ProductUpdateResponse."""
    if answer.WhichOneof("result") == "product":
        p = answer.product
        return f"{answer.product_id}: price {p.price:g}, stock {p.stock_quantity}"
    return f"{answer.product_id}: refused, code {answer.error.code}: {answer.error.message}"


def main(argv=None):
    """The demo, in an order that works: upload first, then read what was
    uploaded. (The guide's demo began with GetProduct of a product nobody had
    created, so its first call failed.)"""
    parser = argparse.ArgumentParser(description="Call all four ProductService RPCs.")
    parser.add_argument("--addr", default=os.environ.get("ADDR", "127.0.0.1:50051"), help="server address")
    parser.add_argument("--token", default=os.environ.get("TOKEN", "workshop-token"), help="bearer token")
    args = parser.parse_args(argv)

    prefix = f"python-{int(time.time() * 1000)}"
    active = pb.PRODUCT_STATUS_ACTIVE
    with Connection(args.addr, args.token) as conn:
        try:
            uploaded = upload_products(conn, [
                pb.Product(id=f"{prefix}-1", name="Widget", price=9.99, category="gadgets", stock_quantity=10, status=active),
                pb.Product(id=f"{prefix}-2", name="Gizmo", price=19.99, category="gadgets", stock_quantity=5, status=active),
            ])
            print(f"1. UploadProducts (client stream): created {uploaded.products_created}: {', '.join(uploaded.product_ids)}")

            widget = get_product(conn, f"{prefix}-1")
            print(f"2. GetProduct (unary): {widget.id} {widget.name} {widget.price:g} {pb.ProductStatus.Name(widget.status)}")

            names = [msg.product.name for msg in list_products(conn, category="books", page_size=3)]
            print(f"3. ListProducts (server stream): {len(names)} books: {'; '.join(names)}")

            answers = product_updates(conn, [
                pb.ProductUpdateRequest(product_id=f"{prefix}-1", new_price=7.5),
                pb.ProductUpdateRequest(product_id=f"{prefix}-1", stock_adjustment=-3),
                pb.ProductUpdateRequest(product_id="no-such-product", stock_adjustment=1),
            ])
            print("4. ProductUpdates (bidi):")
            for answer in answers:
                print(f"   {describe_answer(answer)}")

            try:
                get_product(conn, "no-such-product")
            except grpc.RpcError as err:
                print(f"5. GetProduct of an unknown id: code {err.code().value[0]} ({err.code().name}): {err.details()}")
        except grpc.RpcError as err:
            print(f"failed: code {err.code().name}: {err.details()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
