"""Scale: 1,000 concurrent ping-pong connections under a 1 ms latency toxic, and behaviour at the open-file
limit (10,000 connections asked for; 20,000 descriptors do not fit)."""
import subprocess
import time

from benchlib import percentile, pooled


def run(bench):
    concurrent_latency(bench, conns=200 if bench.quick else 1000, rounds=10 if bench.quick else 30)
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
