"""Fidelity extras on real sockets: latency distributions' percentiles against netem's tables, proxy-wide bandwidth
with 1, 8 and 100 connections, how late a toxic's ttl removes it, and how close flapping edges fall to the schedule.

Each figure is an accuracy: the "direct" column holds the expected value (for the ttl, the lateness's lower bound,
beside its upper bound), and each row records the load average it was measured under, since on a shared machine
the tails are other processes' as much as Faultline's."""
import http.client
import json
import math
import os
import selectors
import socket
import statistics
import struct
import time

from benchlib import percentile

MB = 1_000_000


def _load():
    """The 1-minute load average when a figure was taken: timing figures on a shared machine depend on it."""
    return {"load_average_1m": round(os.getloadavg()[0], 2)}


def run(bench):
    quick = bench.quick
    distributions(bench, ("uniform", "normal", "pareto", "paretonormal"), samples=400 if quick else 2000)
    for conns in (1, 8, 100):
        proxy_bandwidth(bench, conns, seconds=2 if quick else 10)
    ttl_lateness(bench, samples=20 if quick else 200)
    flapping_edges(bench, cycles=20 if quick else 100)


# ---------- netem's tables, as iproute2 defines them (the same definitions the unit tests check against) ----------

def _normal_entry(k):
    p = (4 * k + 0.5) / 16384
    return max(-32768, min(32767, round(statistics.NormalDist().inv_cdf(p) * 8192)))


def _pareto_entry(k):
    u = (65536 - 16 * k) / 65536
    return round(min((1 / u ** (1 / 3) - 1.5) * (4 / 3 * 8192), 32767))


def table(shape):
    """The 4096 sorted entries (units of sigma / 8192) a uniform 12-bit index picks from."""
    if shape == "normal":
        return [_normal_entry(k) for k in range(4096)]
    if shape == "pareto":
        return [_pareto_entry(k) for k in range(4096)]
    return [int((_normal_entry(k) + 3 * _pareto_entry(k)) / 4) for k in range(4096)]  # Swift's truncating division


def expected_delay(shape, latency, jitter, q):
    """The q-quantile (0–1) of the delay in ms: Toxiproxy's uniform integer draw, or netem's table shape."""
    if shape == "uniform":
        return latency - jitter + math.floor(q * 2 * jitter)
    return latency + jitter * table(shape)[min(4095, int(q * 4096))] / 8192


# ---------- figures ----------

def distributions(bench, shapes, samples, latency=50, jitter=10, rounds=5):
    """Added delays of `samples` round trips per shape over 20 connections (one chunk in flight each, so
    order-keeping never holds one back) against the expected percentiles; the direct round trip's median is
    subtracted. The shapes take turns in `rounds` rounds, so a burst of load from elsewhere hits them all alike."""
    conns = 20
    for shape in shapes:
        attributes = {"latency": latency, "jitter": jitter}
        if shape != "uniform":
            attributes["distribution"] = shape
        bench.create_proxy(f"fid_{shape}", bench.echo_port,
                           [{"type": "latency", "stream": "downstream", "attributes": attributes}])
    direct = bench.run_load("pingpong", "127.0.0.1", bench.echo_port, 1, 400, 40)
    base_ms = direct["p50_ns"] / 1e6
    delays = {shape: [] for shape in shapes}
    for _ in range(rounds):
        for shape in shapes:
            result = bench.run_load("pingpong", "127.0.0.1", bench.port(f"fid_{shape}", True), 1,
                                    samples // conns // rounds, 1, conns)
            delays[shape] += [s / 1e6 - base_ms for s in result["samples_ns"]]
    for shape in shapes:
        bench.delete_proxy(f"fid_{shape}")
        for q, label in ((0.5, "p50"), (0.9, "p90"), (0.99, "p99")):
            expected = expected_delay(shape, latency, jitter, q)
            measured = percentile(delays[shape], q)
            bench.record("fidelity", f"latency 50±10 {shape}: delay {label} (error {measured - expected:+.2f} ms)",
                         round(expected, 3), round(measured, 3), "ms",
                         extra={"error_ms": round(measured - expected, 4), "samples": len(delays[shape]), **_load()})


def proxy_bandwidth(bench, conns, seconds, rate=1000):
    """`scope: "proxy"` at `rate` KB/s: `conns` downloads of equal size from the bulk server over connections opened
    beforehand, all asked for at once; the aggregate from the asking to the last byte against the rate, and how far
    apart the downloads finished (round robin should end them together)."""
    name = f"fid_bw_{conns}"
    port = bench.create_proxy(name, bench.bulk_port, [{"type": "bandwidth", "stream": "downstream",
                                                       "attributes": {"rate": rate, "scope": "proxy"}}])
    each = rate * 1000 * seconds // conns
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(conns)]
    selector = selectors.DefaultSelector()
    got = {}
    finished = []
    asked = time.monotonic()
    for sock in socks:
        sock.sendall(b"D" + struct.pack("<Q", each))  # fl-load's bulk protocol: 'D' and the byte count
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        got[sock] = 0
    deadline = asked + seconds * 3 + 30
    while len(finished) < conns and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            try:
                data = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            got[key.fileobj] += len(data)
            if not data or got[key.fileobj] >= each:
                finished.append(time.monotonic())
                selector.unregister(key.fileobj)
    for sock in socks:
        sock.close()
    bench.delete_proxy(name)
    if len(finished) < conns:
        raise RuntimeError(f"proxy-wide bandwidth: {conns - len(finished)} of {conns} downloads unfinished")
    elapsed = max(finished) - asked
    measured = each * conns / elapsed / 1000
    error = (measured / rate - 1) * 100
    spread = (max(finished) - min(finished)) / elapsed * 100
    bench.record("fidelity", f"proxy-wide bandwidth {rate} KB/s, {conns} conns, {seconds} s (error {error:+.3f} %)",
                 rate, round(measured, 3), "KB/s",
                 extra={"error_percent": round(error, 4), "connections": conns,
                        "finish_spread_percent": round(spread, 3), **_load()})


class Admin:
    """One keep-alive connection to the admin API, so a request costs a loopback round trip, not a dial."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.call("GET", "/version")  # dialled now, so no timed request pays for the connection

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body)
        self.connection.request(method, path, body=data, headers={"User-Agent": "faultline-bench"})
        response = self.connection.getresponse()
        text = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {text!r}")
        return json.loads(text) if text else None


def _client(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(b"w")
    sock.recv(1)  # the connection is up and its toxics built
    return sock


def ttl_lateness(bench, samples, ttl_ms=100):
    """A byte held by a minute of latency whose toxic has `ttl`: it arrives when the toxic expires (removal
    flushes). The server stamps the toxic somewhere between the POST's sending and its answer, so the lateness is
    bracketed: counted from the answer (a lower bound) and from the sending (an upper bound)."""
    name = "fid_ttl"
    port = bench.create_proxy(name, bench.echo_port)
    admin = Admin(bench.admin_port)
    sock = _client(port)
    lower, upper = [], []
    for _ in range(samples):
        start = time.monotonic()
        admin.call("POST", f"/proxies/{name}/toxics", {"name": "t", "type": "latency", "stream": "downstream",
                                                      "attributes": {"latency": 60000, "ttl": ttl_ms}})
        answered = time.monotonic()
        sock.sendall(b"x")
        sock.recv(1)
        arrived = time.monotonic()
        lower.append((arrived - answered) * 1000 - ttl_ms)
        upper.append((arrived - start) * 1000 - ttl_ms)
    sock.close()
    bench.delete_proxy(name)
    for label, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
        bench.record("fidelity", f"ttl {ttl_ms} ms: removal lateness {label}, from the POST's answer/sending "
                     f"(target p99 ≤ 5 ms)", round(percentile(lower, q), 3), round(percentile(upper, q), 3), "ms",
                     extra={"samples": samples, "max_ms": round(max(upper), 3), **_load()})


def flapping_edges(bench, cycles, on_ms=100, off_ms=100):
    """A minute of latency flapping on `on_ms`/off `off_ms`, pinged back to back: the first ping held marks an on
    edge (sent just after it), its arrival the next off edge (the flush). Both are compared with the schedule,
    counted from just before the POST (an upper bound by the request's way to the server)."""
    name = "fid_flap"
    port = bench.create_proxy(name, bench.echo_port)
    admin = Admin(bench.admin_port)
    sock = _client(port)
    period = (on_ms + off_ms) / 1000
    created = time.monotonic()
    admin.call("POST", f"/proxies/{name}/toxics", {"name": "f", "type": "latency", "stream": "downstream",
                                                  "attributes": {"latency": 60000,
                                                                 "schedule": {"on": on_ms, "off": off_ms}}})
    post_ms = (time.monotonic() - created) * 1000  # how far the phase's zero may lie after `created`
    on_errors, off_errors = [], []
    first = True
    while len(off_errors) < cycles:
        sent = time.monotonic()
        sock.sendall(b"p")
        sock.recv(1)
        back = time.monotonic()
        if back - sent < on_ms / 2000:
            continue  # an off phase (transparent), or a ping the machine merely slowed: only a held one waits ~on_ms
        # The schedule counted from before the POST is never later than the server's, so every error is ≥ 0 and
        # the edge a ping saw is the last one expected before it came back.
        k = math.floor((back - created - on_ms / 1000) / period)
        off_errors.append((back - (created + k * period + on_ms / 1000)) * 1000)
        if not first:  # the first ping follows the creation, not an edge
            on_errors.append((sent - (created + k * period)) * 1000)
        first = False
    sock.close()
    bench.delete_proxy(name)
    for edge, errors in (("off", off_errors), ("on", on_errors)):
        for label, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
            bench.record("fidelity", f"flapping {on_ms}/{off_ms} ms: {edge} edge lateness {label} (target ≤ 2 ms)",
                         None, round(percentile(errors, q), 3), "ms",
                         extra={"min_ms": round(min(errors), 3), "max_ms": round(max(errors), 3),
                                "edges": len(errors), "post_rtt_ms": round(post_ms, 3), **_load()})
