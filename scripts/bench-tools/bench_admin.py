"""Admin API latency: add and delete a toxic over one keep-alive connection while a proxy holds live connections."""
import re
import signal
import socket
import subprocess
import time

from benchlib import wait_for_port

HELD = 1_000  # idle connections fl-load keeps open through the echo proxy
PROBES = 8  # connections held here too, to ping through the toxic
TOXIC = b'{"name":"bench","type":"latency","stream":"downstream","attributes":{"latency":1}}'


class AdminConnection:
    """One keep-alive HTTP/1.1 connection with exact request bytes and just enough response parsing."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def request(self, method, path, body=b""):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nContent-Length: {len(body)}\r\n\r\n"
        self.sock.sendall(head.encode() + body)
        while b"\r\n\r\n" not in self.buffer:
            self.read()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"\r\nContent-Length: (\d+)", head)
        length = int(match.group(1)) if match else 0
        while len(rest) < length:
            self.read()
            rest = self.buffer.partition(b"\r\n\r\n")[2]
        self.buffer = rest[length:]
        return status, rest[:length]

    def read(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("admin connection closed")
        self.buffer += chunk

    def close(self):
        self.sock.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def metric(admin, name, labels):
    """The value of one series on /metrics (0 when it does not exist yet)."""
    status, body = admin.request("GET", "/metrics")
    if status != 200:
        raise RuntimeError(f"/metrics answered {status}: is --proxy-metrics on?")
    wanted = name + "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "} "
    for line in body.decode().splitlines():
        if line.startswith(wanted):
            return float(line[len(wanted):])
    return 0.0


def add_delete_loop(admin, iterations):
    """Times POST then DELETE of the same toxic; returns (add, delete, both) lists in µs."""
    add, delete, both = [], [], []
    for _ in range(iterations):
        t0 = time.perf_counter_ns()
        status, body = admin.request("POST", "/proxies/echo/toxics", TOXIC)
        t1 = time.perf_counter_ns()
        if status != 200:
            raise RuntimeError(f"add toxic answered {status}: {body!r}")
        status, body = admin.request("DELETE", "/proxies/echo/toxics/bench")
        t2 = time.perf_counter_ns()
        if status != 204:
            raise RuntimeError(f"delete toxic answered {status}: {body!r}")
        add.append((t1 - t0) / 1000)
        delete.append((t2 - t1) / 1000)
        both.append((t2 - t0) / 1000)
    return add, delete, both


def ping(sock):
    start = time.perf_counter()
    sock.sendall(b"p")
    if sock.recv(1) != b"p":
        raise RuntimeError("probe connection broke")
    return time.perf_counter() - start


def ensure_metrics(bench):
    """Restarts the proxy with --proxy-metrics (its counters are kept either way; the flag exposes /metrics)."""
    bench.proxy_process.send_signal(signal.SIGTERM)
    bench.proxy_process.wait(timeout=10)
    bench.start_proxy(extra_args=("--proxy-metrics",))
    wait_for_port(bench.admin_port)


def record(bench, label, samples, extra):
    for name, values in zip(("POST toxic", "DELETE toxic", "POST+DELETE"), samples):
        for q, fraction in (("p50", 0.5), ("p99", 0.99)):
            bench.record("admin", f"{name} {q}, {label}", None, round(percentile(values, fraction), 1), "µs",
                         extra=extra)


def run(bench):
    iterations = 200 if bench.quick else 1_000
    ensure_metrics(bench)
    admin = AdminConnection(bench.admin_port)
    add_delete_loop(admin, 20)  # warm-up: the first requests pay for lazy setup on both sides
    idle = int(metric(admin, "faultline_connections_active", {"proxy": "echo"}))
    record(bench, f"{idle:,} live conns", add_delete_loop(admin, iterations),
           {"iterations": iterations, "live_connections": idle})

    echo_port = bench.port("echo", True)
    holder = subprocess.Popen([bench.load, "idle", "127.0.0.1", str(echo_port), str(HELD)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    probes = []
    try:
        line = holder.stdout.readline()
        held = int(line.split(":")[1].strip(" }\n")) if "ready" in line else 0
        if held != HELD:
            raise RuntimeError(f"fl-load held {held} of {HELD} connections")
        probes = [socket.create_connection(("127.0.0.1", echo_port)) for _ in range(PROBES)]
        for probe in probes:
            probe.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            ping(probe)
        live = int(metric(admin, "faultline_connections_active", {"proxy": "echo"}))
        if live != HELD + PROBES:
            raise RuntimeError(f"the proxy shows {live} live connections, expected {HELD + PROBES}")

        before = metric(admin, "faultline_toxic_applied_total", {"proxy": "echo", "toxic": "bench"})
        samples = add_delete_loop(admin, iterations)
        applied = metric(admin, "faultline_toxic_applied_total", {"proxy": "echo", "toxic": "bench"}) - before
        if applied != iterations * live:
            raise RuntimeError(f"toxic applied {applied:.0f} times, expected {iterations} × {live}")

        # And by its effect: a 50 ms latency shows on every probe's round trip, and is gone once deleted.
        status, _ = admin.request("POST", "/proxies/echo/toxics",
                                  b'{"name":"verify","type":"latency","attributes":{"latency":50}}')
        slow = [ping(p) for p in probes]
        admin.request("DELETE", "/proxies/echo/toxics/verify")
        fast = [ping(p) for p in probes]
        if status != 200 or min(slow) < 0.05 or max(fast) >= 0.05:
            raise RuntimeError(f"probes did not follow the toxic: with {slow}, without {fast}")
        record(bench, f"{live:,} live conns", samples,
               {"iterations": iterations, "live_connections": live, "toxic_applied": int(applied),
                "probe_ms_with_50ms_latency": round(min(slow) * 1000, 1)})
    finally:
        for probe in probes:
            probe.close()
        holder.stdin.close()
        holder.wait(timeout=60)
        admin.close()
