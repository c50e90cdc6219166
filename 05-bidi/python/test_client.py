"""unittest: starts the Go stage server on a free port, runs all four
patterns through client.py, and stops the server.

    cd 05-bidi/python && /usr/bin/python3 -B -m unittest -v

The server is `go run ./05-bidi/cmd/server` (your code), or the binary in
WORKSHOP_SERVER_BIN (workshop verify builds one with the solution). Each test
uses products of its own, so the tests do not depend on their order.
"""

import atexit
import os
import queue
import signal
import subprocess
import sys
import threading
import unittest

import client
from client import grpc, pb, pb_grpc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOKEN = "python-test-token"
ACTIVE = pb.PRODUCT_STATUS_ACTIVE


def start_server():
    """Starts the server and returns (process, address) once it prints
    "listening on HOST:PORT"."""
    args = ["-addr", "127.0.0.1:0", "-token", TOKEN]
    binary = os.environ.get("WORKSHOP_SERVER_BIN")
    command = [binary, *args] if binary else ["go", "run", "./05-bidi/cmd/server", *args]
    # A session of its own: stop_server signals `go run` and the server it
    # started together, as one process group.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    lines = queue.Queue()

    def read_stdout():
        # Read the server's log to its end: a full pipe would block its writes.
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read_stdout, daemon=True).start()
    # A first `go run` compiles the server: minutes on a cold 2-core machine.
    wait = 30 if binary else 300
    try:
        while True:
            line = lines.get(timeout=wait)
            if line is None:
                raise RuntimeError(f"server exited early with {proc.wait(timeout=wait)}")
            if line.startswith("listening on "):
                return proc, line.split()[2]
    except BaseException:
        stop_server(proc)
        raise


def stop_server(proc):
    """The graceful stop (SIGINT) to the whole group, then SIGKILL if it has
    not exited within 15 seconds (the server allows calls 10 to finish)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=15)


# A SIGTERM (workshop verify stopping us, or a kill) ends the process through
# sys.exit, so the atexit hook in setUpClass still stops the server. Only
# SIGKILL, which runs no handler, can leave it behind.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.address = start_server()
        # Both: the cleanup for a normal end, atexit for an interrupted one.
        cls.addClassCleanup(stop_server, cls.server)
        atexit.register(stop_server, cls.server)
        cls.conn = client.Connection(cls.address, TOKEN)
        cls.addClassCleanup(cls.conn.close)

    def upload(self, *ids, category="gadgets"):
        return client.upload_products(self.conn, [
            pb.Product(id=i, name=f"Widget {i}", price=9.99, category=category, stock_quantity=10, status=ACTIVE)
            for i in ids
        ])

    def test_upload_products_stores_every_product(self):
        res = self.upload("py-up-1", "py-up-2")
        self.assertEqual(res.products_created, 2)
        self.assertEqual(list(res.product_ids), ["py-up-1", "py-up-2"])

    def test_upload_products_is_all_or_nothing(self):
        with self.assertRaises(grpc.RpcError) as caught:
            client.upload_products(self.conn, [
                pb.Product(id="py-atomic-1", name="Fine", price=1, status=ACTIVE),
                pb.Product(id="py-atomic-2", name="No status", price=1),
            ])
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        with self.assertRaises(grpc.RpcError) as caught:
            client.get_product(self.conn, "py-atomic-1")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND, "the valid first product was not stored")

    def test_get_product_returns_the_uploaded_product(self):
        self.upload("py-get-1")
        p = client.get_product(self.conn, "py-get-1")
        self.assertEqual((p.id, p.name, p.price, p.status), ("py-get-1", "Widget py-get-1", 9.99, ACTIVE))
        self.assertGreater(p.created_at.seconds, 0, "created_at is set by the server")

    def test_get_product_of_an_unknown_id_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as caught:
            client.get_product(self.conn, "no-such-product")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("not found", caught.exception.details())

    def test_get_product_of_a_malformed_id_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as caught:
            client.get_product(self.conn, "not an id!")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_list_products_yields_the_category_page_by_page(self):
        self.upload("py-list-1", "py-list-2", category="pylist")
        first = list(client.list_products(self.conn, category="pylist", page_size=1))
        self.assertEqual([m.product.id for m in first], ["py-list-1"])
        self.assertNotEqual(first[-1].next_page_token, "", "a page of 1 out of 2 carries a next_page_token")
        second = list(client.list_products(self.conn, category="pylist", page_size=1, page_token=first[-1].next_page_token))
        self.assertEqual([m.product.id for m in second], ["py-list-2"])
        self.assertEqual(second[-1].next_page_token, "", "the last page has no token")

    def test_list_products_with_a_bad_page_size_raises_invalid_argument_from_the_loop(self):
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in client.list_products(self.conn, page_size=-1):
                self.fail("no product should arrive")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_product_updates_answers_every_update_in_order_refusals_included(self):
        self.upload("py-bidi-1")
        answers = client.product_updates(self.conn, [
            pb.ProductUpdateRequest(product_id="py-bidi-1", new_price=15),
            pb.ProductUpdateRequest(product_id="py-bidi-1", stock_adjustment=-2),
            pb.ProductUpdateRequest(product_id="no-such-product", stock_adjustment=1),
            pb.ProductUpdateRequest(product_id="py-bidi-1", stock_adjustment=-100),
            pb.ProductUpdateRequest(product_id="py-bidi-1", new_status=pb.PRODUCT_STATUS_DISCONTINUED),
        ])
        self.assertEqual([a.product_id for a in answers], ["py-bidi-1"] * 2 + ["no-such-product"] + ["py-bidi-1"] * 2)
        self.assertEqual([a.WhichOneof("result") for a in answers], ["product", "product", "error", "error", "product"])
        self.assertEqual(answers[0].product.price, 15)
        self.assertEqual(answers[1].product.stock_quantity, 8)
        self.assertEqual(answers[2].error.code, grpc.StatusCode.NOT_FOUND.value[0])
        self.assertEqual(answers[3].error.code, grpc.StatusCode.FAILED_PRECONDITION.value[0])
        self.assertEqual(answers[4].product.status, pb.PRODUCT_STATUS_DISCONTINUED)
        self.assertEqual(client.get_product(self.conn, "py-bidi-1").stock_quantity, 8, "the refused adjustment changed nothing")

    def test_product_updates_with_nothing_to_send_ends_with_no_answers(self):
        self.assertEqual(client.product_updates(self.conn, []), [])

    def test_a_call_with_a_wrong_token_is_unauthenticated(self):
        with client.Connection(self.address, "wrong-token") as anonymous:
            with self.assertRaises(grpc.RpcError) as caught:
                client.get_product(anonymous, "py-get-1")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_every_call_carries_the_deadline(self):
        self.upload("py-deadline-1")
        calls = {
            "GetProduct": lambda c: client.get_product(c, "py-deadline-1"),
            "ListProducts": lambda c: list(client.list_products(c)),
            "UploadProducts": lambda c: client.upload_products(c, []),
            "ProductUpdates": lambda c: client.product_updates(c, []),
        }
        # The interceptor sees what each call hands to grpc. (A deadline so
        # short it expires "before any answer" is a race: on a fast machine
        # an empty upload is answered first, and the test flaked in CI.)
        recorder = TimeoutRecorder()
        with client.Connection(self.address, TOKEN, timeout=7.5) as conn:
            conn.stub = pb_grpc.ProductServiceStub(grpc.intercept_channel(conn.channel, recorder))
            for name, call in calls.items():
                call(conn)
        self.assertEqual(recorder.timeouts, {name: 7.5 for name in calls})

    def test_a_stream_past_its_deadline_ends_with_deadline_exceeded(self):
        # The updates do not end before the test does, so the server waits
        # for more and only the deadline can end the call: DEADLINE_EXCEEDED,
        # however fast the machine.
        stop = threading.Event()
        self.addCleanup(stop.set)

        def updates_that_wait():
            stop.wait(10)  # bounded, should the deadline not work
            yield from ()

        with client.Connection(self.address, TOKEN, timeout=0.2) as hurried:
            with self.assertRaises(grpc.RpcError) as caught:
                client.product_updates(hurried, updates_that_wait())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)


class TimeoutRecorder(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                      grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Records the timeout of every call, by method name, and passes it on."""

    def __init__(self):
        self.timeouts = {}

    def _record(self, continuation, details, request):
        self.timeouts[details.method.rsplit("/", 1)[-1]] = details.timeout
        return continuation(details, request)

    intercept_unary_unary = intercept_unary_stream = _record
    intercept_stream_unary = intercept_stream_stream = _record


if __name__ == "__main__":
    unittest.main()
