"""The admin API and pass-through with 5 dashboards open, against none, alternating in the same run.

A simulated viewer does what the page does: GET /ui/state once a second on a keep-alive connection, with the page's
token and a browser's headers, its first poll offset from the others'. With 0 and then 5 viewers (the order
alternating each round), the section measures (a) the admin API (fl-load's `admin` client pacing GET /version and a
toxic POST+DELETE) alone, and beside 10 connections downloading through a proxy, as the admin-load section does, with
the download's throughput, (b) one bulk download through the `bulk` proxy with nothing else running, and (c) the
proxy's own CPU time, idle and per GiB of (b), which other processes on a shared machine barely move. Twenty idle
proxies with two toxics each join the table for the section, so the state document has the size of a real table.
"""
import http.client
import os
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


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        else:
            threading.Event().wait(5.5)  # the server samples for 5 s after the last poll: let it stop first
        return measure(), viewers
    finally:
        if viewers:
            viewers.stop()


def run(bench):
    # Many short alternations rather than a few long ones: another process's burst then lands on both arms.
    seconds = 3.0 if bench.quick else 4.0
    rounds = 2 if bench.quick else 10
    conns = 10
    token = page_token(bench)
    stream_port = benchlib.free_port()
    bench.spawn([bench.load, "stream-server", str(stream_port)])
    benchlib.wait_for_port(stream_port)
    bench.create_proxy("dash_load", stream_port)
    spare = [f"dash_idle_{i:02d}" for i in range(20)]
    for name in spare:
        bench.create_proxy(name, 9, toxics=[
            {"type": "latency", "attributes": {"latency": 100, "jitter": 10}},
            {"type": "bandwidth", "stream": "upstream", "attributes": {"rate": 1000}}])
    port = bench.port("dash_load", True)
    probe = bench.run_load("download-epoll", "127.0.0.1", port, (1 << 30) // conns, conns)
    total = max(64 << 20, int(probe["bytes_per_second"] * seconds) // conns * conns)
    single = 256 * MiB if bench.quick else 512 * MiB

    results = {n: {"admin": [], "quiet_admin": [], "loaded": [], "bulk": [], "bulk_cpu": [], "idle_cpu": []}
               for n in (0, VIEWERS)}
    viewer_latencies, viewer_failures, state_bytes = [], 0, 0
    pid = bench.proxy_process.pid

    def arm():
        """One round of every measurement, with whatever viewers are running."""
        out = {}
        before = cpu_seconds(pid)
        idle_seconds = 2.0 if bench.quick else 3.0
        threading.Event().wait(idle_seconds)  # a measurement window, not a synchronisation
        out["idle_cpu"] = (cpu_seconds(pid) - before) / idle_seconds * 100
        # The admin API with no download beside it: our own load out of the way, the pages' cost stands out.
        out["quiet_admin"] = bench.run_load("admin", "127.0.0.1", bench.admin_port, 2.0, PERIOD_US, "dash_load",
                                            prefix=realtime_prefix())
        holder = {}

        def admin():
            holder["admin"] = bench.run_load("admin", "127.0.0.1", bench.admin_port, seconds * 0.8, PERIOD_US,
                                             "dash_load", prefix=realtime_prefix())

        thread = threading.Thread(target=admin)
        thread.start()
        out["loaded"] = bench.run_load("download-epoll", "127.0.0.1", port, total // conns, conns)["bytes_per_second"]
        thread.join()
        out["admin"] = holder["admin"]
        before = cpu_seconds(pid)
        out["bulk"] = bench.run_load("download", "127.0.0.1", bench.port("bulk", True), single, 1)["bytes_per_second"]
        out["bulk_cpu"] = (cpu_seconds(pid) - before) / (single / (1 << 30))
        return out

    os.environ["FL_LOAD_SAMPLES"] = "1"  # fl-load's admin client then prints every sample (this section only)
    for round_index in range(rounds):
        for count in ((0, VIEWERS) if round_index % 2 == 0 else (VIEWERS, 0)):
            measured, viewers = with_viewers(bench, token, count, arm)
            for key in ("admin", "quiet_admin"):
                run = measured[key]
                run["version_samples"] = run.pop("version_samples_ns", [])
                run["toxic_add_delete_samples"] = run.pop("toxic_samples_ns", [])
            for key, value in measured.items():
                results[count][key].append(value)
            if viewers:
                viewer_latencies += viewers.latencies
                viewer_failures += viewers.failures
                state_bytes = viewers.bytes

    for key, figure in (("quiet_admin", "no traffic"), ("admin", f"{conns} downloads")):
        for kind, title in (("version", "GET /version"), ("toxic_add_delete", "toxic POST+DELETE")):
            # Every run's samples pooled into one percentile: a run's own p99 is its one or two slowest answers,
            # which whatever else runs on the machine decides.
            pooled = {n: sorted(x for a in results[n][key] for x in a[kind + "_samples"]) for n in results}
            p99 = {n: benchlib.percentile(pooled[n], 0.99) / 1e6 for n in results}
            p50 = {n: benchlib.percentile(pooled[n], 0.5) / 1e6 for n in results}
            bench.record("dashboards", f"{title} p99, {figure}: 0 → {VIEWERS} dashboards", round(p99[0], 3),
                         round(p99[VIEWERS], 3), "ms", ratio=p99[VIEWERS] / p99[0] if p99[0] else None,
                         extra={"p50_ms_without": round(p50[0], 3), "p50_ms_with": round(p50[VIEWERS], 3),
                                "p99_runs_without": [round(a[kind]["p99_ns"] / 1e6, 2) for a in results[0][key]],
                                "p99_runs_with": [round(a[kind]["p99_ns"] / 1e6, 2) for a in results[VIEWERS][key]],
                                "samples": len(pooled[0]) + len(pooled[VIEWERS]),
                                "failed": sum(a["failed"] for n in results for a in results[n][key])})
    del os.environ["FL_LOAD_SAMPLES"]
    figure = f"{conns} downloads"
    for key, title in (("loaded", f"download beside the admin client, {figure}"),
                       ("bulk", "1 connection throughput, server → client")):
        runs = {n: [round(v / MiB, 1) for v in results[n][key]] for n in results}
        # Every run of both arms, in order: on a shared machine the spread says how much a difference means.
        bench.record("dashboards", f"{title}: 0 → {VIEWERS} dashboards", median(results[0][key]) / MiB,
                     median(results[VIEWERS][key]) / MiB, "MiB/s",
                     extra={"runs_without": runs[0], "runs_with": runs[VIEWERS]})
    # Cost in the proxy's own CPU time: what other processes on a shared machine do cannot change it much.
    idle = {n: median(results[n]["idle_cpu"]) for n in results}
    bench.record("dashboards", f"faultline CPU with no traffic: 0 → {VIEWERS} dashboards", round(idle[0], 3),
                 round(idle[VIEWERS], 3), "% of a core", ratio=0,
                 extra={"runs_without": [round(v, 3) for v in results[0]["idle_cpu"]],
                        "runs_with": [round(v, 3) for v in results[VIEWERS]["idle_cpu"]]})
    cost = {n: median(results[n]["bulk_cpu"]) for n in results}
    bench.record("dashboards", f"faultline CPU per GiB, 1 connection: 0 → {VIEWERS} dashboards", round(cost[0], 3),
                 round(cost[VIEWERS], 3), "s/GiB", ratio=cost[VIEWERS] / cost[0] if cost[0] else None,
                 extra={"runs_without": [round(v, 3) for v in results[0]["bulk_cpu"]],
                        "runs_with": [round(v, 3) for v in results[VIEWERS]["bulk_cpu"]]})
    latencies = sorted(viewer_latencies)
    if latencies:
        bench.record("dashboards", f"GET /ui/state as {VIEWERS} dashboards poll it, p50 / p99", None,
                     round(benchlib.percentile(latencies, 0.99) * 1000, 3), "ms", ratio=0,
                     extra={"p50_ms": round(benchlib.percentile(latencies, 0.5) * 1000, 3), "polls": len(latencies),
                            "failed": viewer_failures, "state_bytes": state_bytes})
    for name in spare + ["dash_load"]:
        bench.delete_proxy(name)
