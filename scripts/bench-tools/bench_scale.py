"""Scale: 1,000 concurrent ping-pong connections under a 1 ms latency toxic, and behaviour at the open-file
limit (10,000 connections asked for; 20,000 descriptors do not fit)."""
import os
import subprocess
import time

from benchlib import percentile, pooled, rss_kib


def run(bench):
    concurrent_latency(bench, conns=200 if bench.quick else 1000, rounds=10 if bench.quick else 30)
    streaming_connections(bench, conns=2000 if bench.quick else 9900, seconds=5 if bench.quick else 20)
    descriptor_limit(bench, asked=3000 if bench.quick else 10000)


def concurrent_latency(bench, conns, rounds, period_ms=100):
    """`conns` connections driven by one polling client thread (fl-load pingpong-many), each starting a round
    trip every `period_ms` with phases spread: the loop is busy but not saturated, and a thousand client
    threads do not crowd the proxy's one thread out of the CPU (which is what a thread per connection did)."""
    bench.create_proxy("scale_latency", bench.echo_port,
                       [{"type": "latency", "stream": "downstream", "attributes": {"latency": 1}}])
    # Alternating chunks, samples pooled: noise bursts hit direct and proxied alike.
    chunks = 3
    direct, proxied = bench.paired("scale_latency", chunks, lambda port: bench.run_load(
        "pingpong-many", "127.0.0.1", port, conns, max(1, rounds // chunks), period_ms * 1000))
    bench.delete_proxy("scale_latency")
    direct, proxied = pooled(direct), pooled(proxied)
    for q, fraction in (("p50", 0.5), ("p99", 0.99)):
        dq, pq = percentile(direct, fraction) / 1e6, percentile(proxied, fraction) / 1e6
        added = pq - dq
        bench.record("scale", f"{conns} ping-pong connections, 1 ms latency toxic: RTT {q} (added {added:.3f} ms)",
                     dq, pq, "ms", extra={"added_ms": round(added, 3), "samples": len(proxied), "period_ms": period_ms})


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def streaming_connections(bench, conns, seconds):
    """`conns` connections (9,900: two descriptors each fit under the 20,000 limit), each sending 10 KB/s through
    `latency` 50 ± 10 ms, from one epoll client. Added round trips should lie in [40, 60) ms (uniform jitter on
    the echo's way back); the error is how far the measured p99 (p1) lies above (below) that. Also the proxy's
    CPU and RSS per connection while it carries them."""
    bench.create_proxy("scale_stream", bench.echo_port,
                       [{"type": "latency", "stream": "downstream", "attributes": {"latency": 50, "jitter": 10}}])
    direct = bench.run_load("stream-many", "127.0.0.1", bench.port("scale_stream", False), conns, seconds)
    pid = bench.proxy_process.pid
    rss_before, cpu_before = rss_kib(pid), cpu_seconds(pid)
    proxied = bench.run_load("stream-many", "127.0.0.1", bench.port("scale_stream", True), conns, seconds,
                             timeout=seconds * 10 + 120)
    cpu = cpu_seconds(pid) - cpu_before
    rss_after = rss_kib(pid)
    bench.delete_proxy("scale_stream")
    base = direct["p50_ns"] / 1e6
    p1, p50, p99 = (proxied[f"{q}_ns"] / 1e6 - base for q in ("p1", "p50", "p99"))
    early, late = max(0.0, 40.0 - p1), max(0.0, p99 - 59.8)  # ideal p99 of U[40, 60) is 59.8 ms
    label = f"{proxied['connections']:,} connections at 10 KB/s, latency 50 ± 10 ms"
    bench.record("scale", f"{label}: added RTT p1 / p50 / p99", None, round(p99, 2), "ms",
                 extra={"added_p1_ms": round(p1, 2), "added_p50_ms": round(p50, 2), "added_p99_ms": round(p99, 2),
                        "direct_p50_ms": round(base, 3), "samples": proxied["count"]})
    bench.record("scale", f"{label}: p99 error vs [40, 60) ms", None, round(max(early, late), 2), "ms",
                 extra={"below_40_ms": round(early, 2), "above_60_ms": round(late, 2)})
    per_conn_cpu = cpu / max(1, proxied["connections"]) / seconds * 1e6
    bench.record("scale", f"{label}: proxy CPU per connection", None, round(per_conn_cpu, 2), "µs/s",
                 extra={"cpu_seconds": round(cpu, 2), "seconds": seconds})
    bench.record("scale", f"{label}: proxy RSS per connection", None,
                 round((rss_after - rss_before) / max(1, proxied["connections"]), 2), "KiB",
                 extra={"rss_before_kib": rss_before, "rss_after_kib": rss_after})


def descriptor_limit(bench, asked):
    """Ask for more connections than descriptors allow; the excess must fail cleanly and the listener recover."""
    holder = subprocess.Popen([bench.load, "idle", "127.0.0.1", str(bench.port("echo", True)), str(asked)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = holder.stdout.readline()
    held = int(line.split(":")[1].strip(" }\n")) if "ready" in line else 0
    holder.stdin.close()
    holder.wait(timeout=120)
    # Descriptors are free again: the listener must serve new connections (Toxiproxy's stops for good).
    served = False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not served:
        try:
            bench.run_load("pingpong", "127.0.0.1", bench.port("echo", True), 1, 10, 1)
            served = True
        except Exception:
            time.sleep(0.1)  # retry period of the recovery probe
    bench.record("scale", f"connections held of {asked} asked (2 descriptors each, limit 20,000)", None, held,
                 "conns", extra={"asked": asked, "served_again": served})
    bench.record("scale", "listener serves again once descriptors are free", None, 1 if served else 0, "yes=1")
