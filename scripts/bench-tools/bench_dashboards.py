"""The admin API and pass-through with 5 dashboards open, against none, alternating in the same run.

A simulated viewer does what the page does: GET /ui/state once a second on a keep-alive connection, with the page's
token and a browser's headers, its first poll offset from the others'. With 0 and then 5 viewers (the order
alternating each round), the section measures (a) the admin API under load as the admin-load section does (fl-load's
`admin` client pacing GET /version and a toxic POST+DELETE while 10 connections download through a proxy) with the
download's throughput, and (b) one bulk download through the `bulk` proxy with nothing else running. Twenty idle
proxies with two toxics each join the table for the section, so the state document has the size of a real table.
"""
import http.client
import threading
import time

import benchlib
from bench_admin_load import PERIOD_US, realtime_prefix
from benchlib import median

VIEWERS = 5
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
MiB = 1 << 20


class Viewers:
    """`count` dashboards polling /ui/state once a second until stopped; their latencies and failures."""

    def __init__(self, port, token, count):
        self.port = port
        self.headers = {"Host": f"localhost:{port}", "User-Agent": CHROME, "Sec-Fetch-Site": "same-origin",
                        "Sec-Fetch-Mode": "cors", "X-Faultline-Token": token}
        self.stopping = threading.Event()
        self.latencies = []
        self.failures = 0
        self.bytes = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._poll, args=(i / max(1, count),), daemon=True)
                        for i in range(count)]
        for thread in self.threads:
            thread.start()

    def _poll(self, offset):
        connection = None
        next_at = time.monotonic() + offset
        self.stopping.wait(offset)
        while not self.stopping.is_set():
            began = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/ui/state", headers=self.headers)
                response = connection.getresponse()
                body = response.read()
                with self.lock:
                    self.latencies.append(time.monotonic() - began)
                    self.bytes = len(body)
                    if response.status != 200:
                        self.failures += 1
            except OSError:
                connection = None
                with self.lock:
                    self.failures += 1
            next_at += 1.0
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=10)


def page_token(bench):
    connection = http.client.HTTPConnection("127.0.0.1", bench.admin_port, timeout=10)
    connection.request("GET", "/ui", headers={"Host": f"localhost:{bench.admin_port}"})
    page = connection.getresponse().read().decode()
    connection.close()
    marker = 'name="faultline-token" content="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def with_viewers(bench, token, count, measure):
    viewers = Viewers(bench.admin_port, token, count) if count else None
    try:
        if viewers:
            viewers.stopping.wait(1.2)  # every viewer has polled once: the sampler is running, as with a page open
        return measure(), viewers
    finally:
        if viewers:
            viewers.stop()


def run(bench):
    seconds = 3.0 if bench.quick else 6.0
    rounds = 2 if bench.quick else 4
    conns = 10
    token = page_token(bench)
    stream_port = benchlib.free_port()
    bench.spawn([bench.load, "stream-server", str(stream_port)])
    benchlib.wait_for_port(stream_port)
    bench.create_proxy("dash_load", stream_port)
    idle = [f"dash_idle_{i:02d}" for i in range(20)]
    for name in idle:
        bench.create_proxy(name, 9, toxics=[
            {"type": "latency", "attributes": {"latency": 100, "jitter": 10}},
            {"type": "bandwidth", "stream": "upstream", "attributes": {"rate": 1000}}])
    port = bench.port("dash_load", True)
    probe = bench.run_load("download-epoll", "127.0.0.1", port, (1 << 30) // conns, conns)
    total = max(64 << 20, int(probe["bytes_per_second"] * seconds) // conns * conns)
    single = 256 * MiB if bench.quick else 1024 * MiB

    results = {0: {"admin": [], "loaded": [], "bulk": []}, VIEWERS: {"admin": [], "loaded": [], "bulk": []}}
    viewer_latencies, viewer_failures, state_bytes = [], 0, 0
    for round_index in range(rounds):
        for count in ((0, VIEWERS) if round_index % 2 == 0 else (VIEWERS, 0)):
            def loaded():
                holder = {}

                def admin():
                    holder["admin"] = bench.run_load("admin", "127.0.0.1", bench.admin_port, seconds * 0.8, PERIOD_US,
                                                     "dash_load", prefix=realtime_prefix())

                thread = threading.Thread(target=admin)
                thread.start()
                result = bench.run_load("download-epoll", "127.0.0.1", port, total // conns, conns)
                thread.join()
                return result, holder["admin"]

            (download, admin), viewers = with_viewers(bench, token, count, loaded)
            results[count]["loaded"].append(download["bytes_per_second"])
            results[count]["admin"].append(admin)
            bulk, more = with_viewers(bench, token, count, lambda: bench.run_load(
                "download", "127.0.0.1", bench.port("bulk", True), single, 1)["bytes_per_second"])
            results[count]["bulk"].append(bulk)
            for group in (viewers, more):
                if group:
                    viewer_latencies += group.latencies
                    viewer_failures += group.failures
                    state_bytes = group.bytes

    figure = f"{conns} downloads"
    for kind, title in (("version", "GET /version"), ("toxic_add_delete", "toxic POST+DELETE")):
        p99 = {n: max(a[kind]["p99_ns"] for a in results[n]["admin"]) / 1e6 for n in results}
        p50 = {n: median([a[kind]["p50_ns"] for a in results[n]["admin"]]) / 1e6 for n in results}
        bench.record("dashboards", f"{title} p99, {figure}: 0 → {VIEWERS} dashboards", round(p99[0], 3),
                     round(p99[VIEWERS], 3), "ms", ratio=p99[VIEWERS] / p99[0] if p99[0] else None,
                     extra={"p50_ms_without": round(p50[0], 3), "p50_ms_with": round(p50[VIEWERS], 3),
                            "failed": sum(a["failed"] for n in results for a in results[n]["admin"])})
    bench.record("dashboards", f"download beside the admin client, {figure}: 0 → {VIEWERS} dashboards",
                 median(results[0]["loaded"]) / MiB, median(results[VIEWERS]["loaded"]) / MiB, "MiB/s")
    bench.record("dashboards", f"1 connection throughput, server → client: 0 → {VIEWERS} dashboards",
                 median(results[0]["bulk"]) / MiB, median(results[VIEWERS]["bulk"]) / MiB, "MiB/s")
    latencies = sorted(viewer_latencies)
    if latencies:
        bench.record("dashboards", f"GET /ui/state as {VIEWERS} dashboards poll it, p50 / p99", None,
                     round(benchlib.percentile(latencies, 0.99) * 1000, 3), "ms", ratio=0,
                     extra={"p50_ms": round(benchlib.percentile(latencies, 0.5) * 1000, 3), "polls": len(latencies),
                            "failed": viewer_failures, "state_bytes": state_bytes})
    for name in idle + ["dash_load"]:
        bench.delete_proxy(name)
