"""Admin API latency while connections download at full speed through the proxy, and what it costs the downloads.

For 1, 10 and 100 downloads, without and with a toxic on the downloading proxy: fl-load's `admin` client paces a
GET /version and a toxic POST+DELETE on that same proxy (so each change reaches every loaded connection), and the
download's throughput is compared with the same download alone, alternating, in the same run.

The downloads run on one epoll thread each side (`download-epoll`, `stream-server`): with a thread per connection
on client and server, 200 runnable threads share two cores and any thread, the proxy's included, waits its turn
for tens of milliseconds; that measures the scheduler, not the proxy. For the same reason the admin client runs
at real-time priority when the bench may set it (root): with client, server and proxy filling both cores, a
normal-priority client waits up to a time slice for a CPU to read its answer, and that wait is the client's, not
the server's. The figure without it is in docs/performance.md.
"""
import os
import shutil
import subprocess
import threading

import benchlib
from benchlib import median, percentile

PERIOD_US = 20_000  # 50 rounds a second: a test suite toggling faults around its cases, several times over
TOXIC = {"name": "load_latency", "type": "latency", "stream": "downstream", "attributes": {"latency": 1}}


def download(bench, port, total, conns):
    result = bench.run_load("download-epoll", "127.0.0.1", port, total // conns, conns)
    if not result["ok"]:
        raise RuntimeError(f"download of {total} bytes over {conns} connections failed")
    return result


def loaded_download(bench, port, total, conns, seconds, proxy):
    """The download with the admin client running beside it; returns (download result, admin result)."""
    holder = {}

    def admin():
        holder["admin"] = bench.run_load("admin", "127.0.0.1", bench.admin_port, seconds, PERIOD_US, proxy,
                                         prefix=realtime_prefix())

    thread = threading.Thread(target=admin)
    thread.start()
    result = download(bench, port, total, conns)
    thread.join()
    return result, holder["admin"]


def realtime_prefix():
    """`chrt -f 20` when this process may use it (root, chrt installed), else nothing."""
    if os.geteuid() == 0 and shutil.which("chrt"):
        return ("chrt", "-f", "20")
    return ()


def run(bench):
    # Single downloads on two shared cores vary by more than the 10 % this compares, so the full run takes the
    # median of five alternations.
    seconds = 2.0 if bench.quick else 4.0
    rounds = 1 if bench.quick else 5
    stream_port = benchlib.free_port()
    bench.spawn([bench.load, "stream-server", str(stream_port)])
    benchlib.wait_for_port(stream_port)
    bench.create_proxy("load_plain", stream_port)
    bench.create_proxy("load_toxic", stream_port, toxics=[TOXIC])
    for name, label in (("load_plain", "no toxic"), ("load_toxic", "latency 1 ms")):
        port = bench.port(name, True)
        for conns in (1, 10, 100):
            # Size the download to last about `seconds` alone.
            probe = download(bench, port, 1 << 30, conns)
            total = max(64 << 20, int(probe["bytes_per_second"] * seconds) // conns * conns)
            alone, loaded, admin = [], [], []
            for _ in range(rounds):
                alone.append(download(bench, port, total, conns)["bytes_per_second"])
                result, samples = loaded_download(bench, port, total, conns, seconds * 0.8, name)
                loaded.append(result["bytes_per_second"])
                admin.append(samples)
            figure = f"{conns} download{'s' if conns > 1 else ''}, {label}"
            for kind, title in (("version", "GET /version"), ("toxic_add_delete", "toxic POST+DELETE")):
                samples = [ns / 1e6 for a in admin for ns in a[kind]["samples_ns"]]
                p99, p50, worst = percentile(samples, 0.99), percentile(samples, 0.5), max(samples)
                bench.record("admin-load", f"{title} p99, {figure}", None, round(p99, 3), "ms", ratio=0,
                             extra={"p50_ms": round(p50, 3), "p99_ms": round(p99, 3), "max_ms": round(worst, 3),
                                    "requests": len(samples), "failed": sum(a["failed"] for a in admin)})
                bench.record("admin-load", f"{title} max, {figure}", None, round(worst, 3), "ms", ratio=0)
            bench.record("admin-load", f"download with admin traffic vs alone, {figure}", median(alone),
                         median(loaded), "B/s",
                         extra={"alone_runs": [round(x) for x in alone], "loaded_runs": [round(x) for x in loaded]})
