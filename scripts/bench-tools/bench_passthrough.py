"""Pass-through figures (no toxic): throughput, round-trip latency, short connections, idle memory."""
import subprocess
import time

from benchlib import median, percentile, pooled, rss_kib

GiB = 1 << 30
MiB = 1 << 20


def run(bench):
    quick = bench.quick
    runs = 1 if quick else 3

    single = 256 * MiB if quick else GiB
    for op, label in (("upload", "client → server"), ("download", "server → client")):
        direct, proxied, haproxy = bench.compared(
            "bulk", runs, lambda port: bench.run_load(op, "127.0.0.1", port, single, 1)["bytes_per_second"])
        bench.record("passthrough", f"1 connection throughput, {label}", median(direct) / MiB, median(proxied) / MiB,
                     "MiB/s", haproxy=haproxy and median(haproxy) / MiB)

    each = 32 * MiB if quick else 256 * MiB
    for op, label in (("upload", "client → server"), ("download", "server → client")):
        direct, proxied, haproxy = bench.compared(
            "bulk", runs, lambda port: bench.run_load(op, "127.0.0.1", port, each, 8)["bytes_per_second"])
        bench.record("passthrough", f"8 connections aggregate, {label}", median(direct) / MiB, median(proxied) / MiB,
                     "MiB/s", haproxy=haproxy and median(haproxy) / MiB)

    # Round trips in alternating chunks whose samples are pooled: a burst of noise on this shared machine
    # lands on every target alike instead of deciding one target's p99.
    count, chunks = (10_000, 2) if quick else (50_000, 5)
    for size in (1, 1024):
        direct, proxied, haproxy = bench.compared(
            "echo", chunks, lambda port: bench.run_load("pingpong", "127.0.0.1", port, size, count // chunks))
        d, p, h = pooled(direct), pooled(proxied), haproxy and pooled(haproxy)
        for q, fraction in (("p50", 0.5), ("p99", 0.99)):
            dq, pq = percentile(d, fraction) / 1000, percentile(p, fraction) / 1000
            added = pq - dq
            extra = {"added_us": round(added, 2), "count": len(p)}
            hq = h and percentile(h, fraction) / 1000
            if h:
                extra["haproxy_added_us"] = round(hq - dq, 2)
            bench.record("passthrough", f"{size} B round trip {q} (added {added:+.1f} µs)", dq, pq, "µs", extra=extra,
                         haproxy=hq)

    # Short connections swing most between runs here: more, shorter alternations for a steadier median.
    seconds, rate_runs = (1, 1) if quick else (2, 5)
    direct, proxied, haproxy = bench.compared(
        "echo", rate_runs, lambda port: bench.run_load("connrate", "127.0.0.1", port, seconds)["per_second"])
    bench.record("passthrough", "short connections per second", median(direct), median(proxied), "conn/s",
                 haproxy=haproxy and median(haproxy))

    idle = 2_000 if quick else 9_900
    before = rss_kib(bench.proxy_process.pid)
    holder = subprocess.Popen([bench.load, "idle", "127.0.0.1", str(bench.port("echo", True)), str(idle)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = holder.stdout.readline()
    time.sleep(0.5)  # let the proxy's allocator settle before reading RSS (a measurement pause, not a sync)
    after = rss_kib(bench.proxy_process.pid)
    holder.stdin.close()
    holder.wait(timeout=60)
    opened = int(line.split(":")[1].strip(" }\n")) if "ready" in line else 0
    per = (after - before) / max(1, opened)
    bench.record("passthrough", f"proxy RSS per idle connection ({opened} held)", None, per, "KiB",
                 extra={"rss_before_kib": before, "rss_after_kib": after, "connections": opened})
