#!/usr/bin/env python3
"""toxiproxy-python (PyPI `toxiproxy-python`, import `toxiproxy`) driven against `faultline serve`.

Every call the library makes is exercised, with real traffic through the proxy to a small echo
server: create, proxies, get_proxy, enable/disable/down, add_toxic/toxics/get_toxic/destroy_toxic,
reset, populate, destroy/destroy_all, running and version; Faultline's own attributes (distribution, clients, ttl,
schedule) sent by the generic add_toxic, down to a ttl removing its toxic; then every `http_*` toxic type added with
the generic add_toxic against a small keep-alive HTTP origin, with its effect checked on real requests. Exits
non-zero on any failure.

Usage: python3 Tests/compat/toxiproxy_python_compat.py [path/to/faultline]
(default: .build/debug/faultline beside this repository; needs `pip install toxiproxy-python requests`).
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IO_TIMEOUT = 5.0
LATENCY_MS = 300


class EchoServer:
    """Echoes every byte back on each connection until the peer closes."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    @staticmethod
    def _echo(conn):
        conn.settimeout(30)
        with conn:
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        return
                    conn.sendall(data)
            except OSError:
                return

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()


class HTTPOrigin:
    """A keep-alive HTTP/1.1 origin: `/big` answers 100,000 bytes, anything else "hello"; it counts requests."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        origin = self
        self.requests = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                origin.requests += 1
                body = b"x" * 100_000 if self.path == "/big" else b"hello"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Origin", "yes")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def raw_get(port, path, headers=""):
    """The bytes a GET through `port` returns until the proxy closes or resets (the error, if one ended it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as sock:
        sock.sendall(("GET %s HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n%s\r\n" % (path, headers)).encode())
        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    return data, None
                data += chunk
        except ConnectionResetError as error:
            return data, error


def status_of(response):
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_of(listen):
    return int(listen.rsplit(":", 1)[1])


def round_trip(port, payload=b"ping"):
    """Seconds for connect + send + full echo through the proxy listening on `port`."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as conn:
        conn.sendall(payload)
        received = b""
        while len(received) < len(payload):
            chunk = conn.recv(65536)
            if not chunk:
                raise AssertionError("proxy closed before echoing %r (got %r)" % (payload, received))
            received += chunk
    if received != payload:
        raise AssertionError("echo mismatch: sent %r, got %r" % (payload, received))
    return time.monotonic() - start


def median_round_trip(port, count=5):
    return statistics.median(round_trip(port) for _ in range(count))


def refuses(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT):
            return False
    except ConnectionRefusedError:
        return True


class Checks:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def run(self, name, body):
        try:
            body()
        except Exception as error:  # noqa: BLE001 - every failure is reported, then the run goes on
            self.failures.append(name)
            print("FAIL  %s: %s: %s" % (name, type(error).__name__, error), flush=True)
        else:
            self.passed += 1
            print("ok    %s" % name, flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_raises(kind, body):
    try:
        body()
    except kind:
        return
    raise AssertionError("expected %s" % kind.__name__)


def start_faultline(binary, port, log):
    process = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            pass
        try:
            # Waiting on the process doubles as the pause between attempts, and notices an early exit.
            process.wait(timeout=0.05)
            raise RuntimeError("faultline serve exited with %s" % process.returncode)
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    raise RuntimeError("faultline serve did not listen on %d within 20 s" % port)


def stop_faultline(process):
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def scenario(checks, server, echo, exceptions):
    """The calls, in the order a test suite using toxiproxy-python would make them."""
    ProxyExists, NotFound, InvalidToxic = exceptions
    state = {}

    def server_is_up():
        expect(server.running() is True, "running() should be True")
        version = server.version()
        expect(version == b'{"version": "2.12.0"}\n', "version() returned %r" % (version,))
        expect(server.proxies() == {}, "a fresh server should have no proxies")

    def create():
        proxy = server.create(upstream="127.0.0.1:%d" % echo.port, name="echo", listen="127.0.0.1:0")
        expect(proxy.name == "echo" and proxy.enabled is True, "created %r" % vars(proxy))
        expect(proxy.upstream == "127.0.0.1:%d" % echo.port, "upstream %r" % proxy.upstream)
        expect(proxy.listen.startswith("127.0.0.1:") and port_of(proxy.listen) != 0, "listen %r" % proxy.listen)
        state["proxy"] = proxy
        state["port"] = port_of(proxy.listen)
        idle = server.create(upstream="127.0.0.1:9", name="idle", enabled=False)
        expect(idle.enabled is False and idle.listen == "127.0.0.1:0", "disabled proxy %r" % vars(idle))
        expect_raises(ProxyExists, lambda: server.create(upstream="127.0.0.1:9", name="echo"))

    def list_and_get():
        proxies = server.proxies()
        expect(sorted(proxies) == ["echo", "idle"], "proxies() keys %r" % sorted(proxies))
        fetched = server.get_proxy("echo")
        expect(fetched.listen == state["proxy"].listen and fetched.enabled is True, "get_proxy %r" % vars(fetched))
        expect(server.get_proxy("nope") is None, "get_proxy of a missing proxy should be None")

    def traffic_and_latency():
        port = state["port"]
        baseline = median_round_trip(port)
        state["baseline"] = baseline
        proxy = state["proxy"]
        proxy.add_toxic(type="latency", attributes={"latency": LATENCY_MS, "jitter": 0})
        toxics = proxy.toxics()
        expect(list(toxics) == ["latency_downstream"], "toxics() %r" % list(toxics))
        toxic = proxy.get_toxic("latency_downstream")
        expect(toxic.type == "latency" and toxic.stream == "downstream" and toxic.toxicity == 1,
               "toxic %r" % vars(toxic))
        expect(toxic.attributes == {"latency": LATENCY_MS, "jitter": 0}, "attributes %r" % toxic.attributes)
        slow = round_trip(port)
        expect(slow >= baseline + 0.1, "with %d ms latency the echo took %.3f s (baseline %.3f s)"
               % (LATENCY_MS, slow, baseline))
        expect(proxy.destroy_toxic("latency_downstream") is True, "destroy_toxic should be True")
        fast = round_trip(port)
        expect(fast < baseline + 0.1, "after removal the echo took %.3f s (baseline %.3f s)" % (fast, baseline))
        expect(proxy.toxics() == {}, "no toxics after removal")

    def fidelity_attributes():
        # Faultline's own attributes ride inside `attributes`, so the library's generic add_toxic sends them.
        proxy = state["proxy"]
        proxy.add_toxic(type="latency", name="shaped", attributes={
            "latency": LATENCY_MS, "jitter": 10, "distribution": "normal", "correlation": 0.25,
            "clients": ["127.0.0.1/32"], "ttl": 1500, "schedule": {"on": 60000, "off": 1000}})
        attributes = proxy.get_toxic("shaped").attributes
        expect(list(attributes) == ["latency", "jitter", "distribution", "correlation", "clients", "ttl", "schedule"],
               "echoed after Toxiproxy's own keys: %r" % list(attributes))
        expect(attributes["clients"] == ["127.0.0.1/32"] and attributes["schedule"] == {"on": 60000, "off": 1000},
               "clients and schedule as sent: %r" % attributes)
        expect(0 < attributes["ttl"] <= 1500, "ttl shows what remains: %r" % attributes["ttl"])
        slow = round_trip(state["port"])
        expect(slow >= state["baseline"] + 0.2, "a client in `clients` is slowed (%.3f s)" % slow)
        expect_raises(InvalidToxic, lambda: proxy.add_toxic(type="latency", attributes={"correlation": 2}))
        # The toxic removes itself when its ttl runs out: poll the API until it is gone.
        deadline = time.monotonic() + 10
        gone = threading.Event()
        while time.monotonic() < deadline and not gone.is_set():
            if proxy.get_toxic("shaped") is None:
                gone.set()
            else:
                gone.wait(0.05)  # a bounded pause between polls; the API's answer decides
        expect(gone.is_set() and proxy.toxics() == {}, "a toxic with ttl 1500 should remove itself")
        fast = round_trip(state["port"])
        expect(fast < state["baseline"] + 0.1, "after expiry the echo took %.3f s" % fast)

    def more_toxics():
        proxy = state["proxy"]
        proxy.add_toxic(type="bandwidth", stream="upstream", name="bw", toxicity=0.5, attributes={"rate": 1000})
        proxy.add_toxic(type="slicer", attributes={"average_size": 64})
        toxics = proxy.toxics()
        expect(list(toxics) == ["bw", "slicer_downstream"], "toxics() order %r" % list(toxics))
        expect(toxics["bw"].toxicity == 0.5 and toxics["bw"].stream == "upstream", "bw %r" % vars(toxics["bw"]))
        expect(toxics["slicer_downstream"].attributes == {"average_size": 64, "size_variation": 0, "delay": 0},
               "slicer attributes %r" % toxics["slicer_downstream"].attributes)
        expect(proxy.get_toxic("nope") is None, "get_toxic of a missing toxic should be None")
        expect_raises(InvalidToxic, lambda: proxy.add_toxic(type="no_such_type"))
        expect_raises(ProxyExists, lambda: proxy.add_toxic(type="latency", name="bw"))
        expect_raises(NotFound, lambda: proxy.destroy_toxic("nope"))
        expect(round_trip(state["port"], b"x" * 300) < 10, "traffic still flows under bandwidth and slicer")

    def disable_and_enable():
        proxy = state["proxy"]
        proxy.disable()
        expect(proxy.enabled is False and server.get_proxy("echo").enabled is False, "disable() should stick")
        expect(refuses(state["port"]), "a disabled proxy should refuse connections")
        proxy.enable()
        expect(server.get_proxy("echo").enabled is True, "enable() should stick")
        round_trip(state["port"])
        with proxy.down():
            expect(refuses(state["port"]), "inside down() the proxy should refuse connections")
        round_trip(state["port"])

    def reset():
        proxy = state["proxy"]
        proxy.add_toxic(type="latency", attributes={"latency": LATENCY_MS})
        proxy.disable()
        expect(server.reset() is True, "reset() should be True")
        expect(server.get_proxy("echo").enabled is True, "reset() re-enables proxies")
        expect(proxy.toxics() == {}, "reset() removes toxics")
        fast = round_trip(state["port"])
        expect(fast < state["baseline"] + 0.1, "after reset the echo took %.3f s" % fast)

    def populate():
        wanted = [{"name": "pop", "upstream": "127.0.0.1:%d" % echo.port, "listen": "127.0.0.1:0"}]
        created = server.populate(wanted)
        expect([p.name for p in created] == ["pop"], "populate() created %r" % [p.name for p in created])
        round_trip(port_of(created[0].listen))
        same = [{"name": "pop", "upstream": "127.0.0.1:%d" % echo.port, "listen": created[0].listen}]
        expect(server.populate(same) == [], "populating an identical proxy changes nothing")

    def http_faults():
        origin = HTTPOrigin()
        try:
            proxy = server.create(upstream="127.0.0.1:%d" % origin.port, name="web", listen="127.0.0.1:0")
            port = port_of(proxy.listen)

            def with_toxic(type, attributes, check):
                proxy.add_toxic(name="h", type=type, attributes=attributes)
                toxic = proxy.get_toxic("h")
                expect(toxic is not None and toxic.type == type, "%s listed as %r" % (type, toxic and vars(toxic)))
                try:
                    check()
                finally:
                    proxy.destroy_toxic("h")

            def abort():
                data, _ = raw_get(port, "/pay")
                expect(status_of(data) == 503 and data.endswith(b"down"), "http_abort answered %r" % data[:80])
                data, _ = raw_get(port, "/free")
                expect(status_of(data) == 200, "a path http_abort does not match got %r" % data[:80])
                attributes = proxy.get_toxic("h").attributes
                expect(attributes["status"] == 503 and attributes["path"] == "/pay" and attributes["close"] is False,
                       "normalised attributes %r" % attributes)

            def delay():
                start = time.monotonic()
                data, _ = raw_get(port, "/")
                expect(status_of(data) == 200 and time.monotonic() - start >= 0.3, "http_delay took %.3f s"
                       % (time.monotonic() - start))

            def reset():
                before = origin.requests
                data, error = raw_get(port, "/")
                expect(data == b"" and error is not None, "http_reset before_request gave %r, %r" % (data, error))
                expect(origin.requests == before, "a request reset before it was sent reached the origin")

            def truncate():
                data, _ = raw_get(port, "/big")
                expect(b"Content-Length: 100000" in data and data.endswith(b"\r\n\r\n" + b"x" * 10),
                       "http_truncate gave %d bytes" % len(data))

            def header():
                data, _ = raw_get(port, "/")
                expect(b"X-Chaos: yes" in data and b"X-Origin" not in data, "http_header gave %r" % data[:200])

            def status():
                data, _ = raw_get(port, "/")
                expect(status_of(data) == 418 and data.endswith(b"hello"), "http_status gave %r" % data[:80])

            def header_faults():
                data, _ = raw_get(port, "/", "x-faultline-abort: 502\r\n")
                expect(status_of(data) == 502, "x-faultline-abort gave %r" % data[:80])

            with_toxic("http_abort", {"status": 503, "body": "down", "path": "/pay"}, abort)
            with_toxic("http_delay", {"delay": 300}, delay)
            with_toxic("http_reset", {"at": "before_request"}, reset)
            with_toxic("http_truncate", {"bytes": 10}, truncate)
            with_toxic("http_header", {"phase": "response", "set": {"X-Chaos": "yes"}, "remove": ["X-Origin"]}, header)
            with_toxic("http_status", {"status": 418}, status)
            with_toxic("http_header_faults", {}, header_faults)
            expect_raises(InvalidToxic, lambda: proxy.add_toxic(type="http_abort", attributes={"status": 700}))
            expect(proxy.toxics() == {}, "a refused http toxic is not added")
            data, _ = raw_get(port, "/")
            expect(status_of(data) == 200 and data.endswith(b"hello"), "no toxics left: %r" % data[:80])
            expect(server.destroy(proxy) is True, "destroy() of the HTTP proxy should be True")
        finally:
            origin.stop()

    def destroy():
        proxies = server.proxies()
        expect(server.destroy(proxies["idle"]) is True, "destroy() should be True")
        expect(sorted(server.proxies()) == ["echo", "pop"], "after destroy: %r" % sorted(server.proxies()))
        expect(server.destroy("not a proxy") is False, "destroy() of a non-Proxy should be False")
        expect_raises(NotFound, lambda: proxies["idle"].toxics())
        server.destroy_all()
        expect(server.proxies() == {}, "destroy_all() should leave no proxies")
        expect(refuses(state["port"]), "a destroyed proxy should refuse connections")

    for name, body in [
        ("running and version", server_is_up), ("create", create), ("proxies and get_proxy", list_and_get),
        ("latency toxic slows real traffic, removal restores it", traffic_and_latency),
        ("Faultline's attributes (distribution, clients, ttl, schedule) through add_toxic", fidelity_attributes),
        ("toxic options and error mapping", more_toxics), ("disable, enable and down()", disable_and_enable),
        ("reset", reset), ("populate", populate), ("every http_* type through add_toxic", http_faults),
        ("destroy and destroy_all", destroy),
    ]:
        checks.run(name, body)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug", "faultline")
    if not os.access(binary, os.X_OK):
        print("no faultline executable at %s (run swift build first)" % binary, file=sys.stderr)
        return 2
    try:
        from toxiproxy import Toxiproxy
        from toxiproxy.exceptions import InvalidToxic, NotFound, ProxyExists
    except ImportError as error:
        print("toxiproxy-python is not installed (pip install toxiproxy-python requests): %s" % error,
              file=sys.stderr)
        return 2

    # No call may hang the run: requests uses the default socket timeout, and an alarm bounds the whole script.
    socket.setdefaulttimeout(15)
    signal.alarm(180)
    echo = EchoServer()
    log = tempfile.TemporaryFile(mode="w+")
    port = free_port()
    process = start_faultline(binary, port, log)
    checks = Checks()
    try:
        server = Toxiproxy()
        server.update_api_consumer("127.0.0.1", port)
        scenario(checks, server, echo, (ProxyExists, NotFound, InvalidToxic))
    finally:
        status = stop_faultline(process)
        echo.stop()
    if status != 0:
        checks.failures.append("faultline serve stops cleanly on SIGTERM (exit %s)" % status)
    if checks.failures:
        log.seek(0)
        print("--- faultline serve log ---\n%s---" % log.read(), file=sys.stderr)
    print("toxiproxy-python: %d passed, %d failed" % (checks.passed, len(checks.failures)))
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
