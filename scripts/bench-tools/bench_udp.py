"""UDP proxy figures, each measured directly against fl-load's UDP echo server and through a Faultline `udp` proxy
in the same run, alternating the two.

- Pass-through datagrams per second: `fl-load udp-pps` keeps a window of datagrams in flight on 1 or 8 client
  sockets (each a session of its own through the proxy) and counts echoes per second, for 64- and 1,400-byte
  datagrams.
- Added latency: sequential 64-byte echoes, p50 and p99 (each the median over alternated runs), without toxics and
  through a `latency` 10 ms toxic (whose accuracy is the proxied p50 minus direct p50 minus 10 ms).
- Memory per idle session: Faultline's RSS before and after 10,000 client sockets each made a session (one echoed
  datagram apiece) on a fresh proxy. That is user-space memory only: each session's socket also holds kernel memory
  (the socket, its epoll item) that RSS does not show.
"""
import subprocess
import time

from benchlib import free_port, median, rss_kib


def create_udp(bench, name, upstream, toxics=()):
    port = free_port()
    bench.api("POST", "/proxies", {"name": name, "kind": "udp", "listen": f"127.0.0.1:{port}",
                                   "upstream": f"127.0.0.1:{upstream}"})
    for toxic in toxics:
        bench.api("POST", f"/proxies/{name}/toxics", toxic)
    return port


def alternate(runs, targets, measure):
    """measure(port) for each (label, port) in `targets`, `runs` times, the order reversed every other run."""
    values = {label: [] for label, _ in targets}
    for i in range(runs):
        for label, port in (targets if i % 2 == 0 else list(reversed(targets))):
            values[label].append(measure(port))
    return values


def medians(results):
    """Each percentile's median over alternated runs, so one run hit by a noisy neighbour does not decide it."""
    return {key: median([result[key] for result in results]) for key in ("p50_ns", "p99_ns")}


def run(bench):
    quick = bench.quick
    echo = free_port()
    bench.spawn([bench.load, "udp-echo-server", str(echo)])
    time.sleep(0.3)  # the echo server binds at once; it has no readiness line to wait for
    proxy = create_udp(bench, "udp_echo", echo)
    targets = [("direct", echo), ("faultline", proxy)]

    runs = 1 if quick else 3
    seconds = 1.5 if quick else 3
    for size in (64, 1400):
        for sockets, inflight in ((1, 64), (8, 16)):
            values = alternate(runs, targets, lambda port: bench.run_load(
                "udp-pps", "127.0.0.1", port, seconds, sockets, size, inflight)["per_second"])
            bench.record("udp", f"{size} B datagrams/s echoed, {sockets} client socket{'s' if sockets > 1 else ''}",
                         median(values["direct"]), median(values["faultline"]), "dgram/s",
                         extra={"target_ratio": 0.5, "inflight_per_socket": inflight, "runs": runs})

    count = 3000 if quick else 7000
    values = alternate(runs, targets, lambda port: bench.run_load("udp-latency", "127.0.0.1", port, count, 64))
    direct, proxied = medians(values["direct"]), medians(values["faultline"])
    for q in ("p50", "p99"):
        added = (proxied[q + "_ns"] - direct[q + "_ns"]) / 1000
        bench.record("udp", f"64 B echo round trip {q}, no toxics (added {added:+.1f} µs)", direct[q + "_ns"] / 1000,
                     proxied[q + "_ns"] / 1000, "µs", extra={"added_us": round(added, 2), "count": count})

    latency = create_udp(bench, "udp_latency", echo,
                         [{"type": "latency", "stream": "downstream", "attributes": {"latency": 10}}])
    count = 300 if quick else 400
    values = alternate(runs, [("direct", echo), ("faultline", latency)],
                       lambda port: bench.run_load("udp-latency", "127.0.0.1", port, count, 64))
    direct, proxied = medians(values["direct"]), medians(values["faultline"])
    for q in ("p50", "p99"):
        error = (proxied[q + "_ns"] - direct[q + "_ns"]) / 1e6 - 10
        bench.record("udp", f"latency 10 ms: round trip {q} (error {error:+.3f} ms)", direct[q + "_ns"] / 1e6,
                     proxied[q + "_ns"] / 1e6, "ms", extra={"error_ms": round(error, 3), "count": count})

    idle_memory(bench, echo, 2000 if quick else 10000)


def idle_memory(bench, echo, sessions):
    port = create_udp(bench, "udp_idle", echo)
    pid = bench.proxy_process.pid
    before = rss_kib(pid)
    holder = subprocess.Popen([bench.load, "udp-idle", "127.0.0.1", str(port), str(sessions)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = holder.stdout.readline()
    ready = int(line.split(":")[1].strip(" }\n")) if "ready" in line else 0
    after = rss_kib(pid)
    stats = bench.api("GET", "/proxies/udp_idle")
    holder.stdin.close()
    holder.wait(timeout=60)
    per_session = (after - before) * 1024 / max(1, ready)
    bench.record("udp", f"memory per idle session ({ready:,} sessions, user-space RSS)", None,
                 round(per_session, 1), "B", extra={"sessions": ready, "rss_before_kib": before,
                                                     "rss_after_kib": after, "target_bytes": 1024,
                                                     "enabled": stats.get("enabled")})
