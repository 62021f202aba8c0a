"""HTTP-aware proxying: 1 KiB keep-alive request/response latency and requests per second, measured directly,
through a plain proxy and through a proxy whose http_* toxic matches nothing (the cost of parsing), alternating."""
from benchlib import free_port, percentile, pooled, median, wait_for_port

SIZE = 1024


def run(bench):
    quick = bench.quick
    origin = free_port()
    bench.spawn([bench.load, "http-server", str(origin), str(SIZE)])
    wait_for_port(origin)
    plain = bench.create_proxy("http_plain", origin)
    aware = bench.create_proxy("http_aware", origin, [
        {"name": "never", "type": "http_abort", "attributes": {"status": 503, "path": "/never/*"}}])
    targets = [("direct", origin), ("plain", plain), ("aware", aware)]

    def alternate(runs, measure):
        values = {label: [] for label, _ in targets}
        for i in range(runs):
            order = targets if i % 2 == 0 else list(reversed(targets))
            for label, port in order:
                values[label].append(measure(port))
        return values

    # Round trips in alternating chunks, pooled: a burst of noise lands on every target alike.
    count, chunks = (10_000, 2) if quick else (40_000, 8)
    latencies = alternate(chunks, lambda port: bench.run_load("http-pingpong", "127.0.0.1", port, SIZE, count // chunks))
    samples = {label: pooled(results) for label, results in latencies.items()}
    for q, fraction in (("p50", 0.5), ("p99", 0.99)):
        d, p, a = (percentile(samples[label], fraction) / 1000 for label in ("direct", "plain", "aware"))
        bench.record("http", f"1 KiB keep-alive exchange {q}, plain proxy (added {p - d:+.1f} µs)", d, p, "µs",
                     extra={"added_us": round(p - d, 2), "count": len(samples["plain"])})
        target = " (target ≤ +30 µs over plain)" if q == "p50" else ""
        bench.record("http", f"1 KiB exchange {q}, HTTP-aware: {a - p:+.1f} µs over plain{target}", d, a, "µs",
                     extra={"added_us": round(a - d, 2), "over_plain_us": round(a - p, 2),
                            "count": len(samples["aware"])})

    seconds, runs = (1, 2) if quick else (3, 6)
    for conns in (1, 4):
        rates = alternate(runs, lambda port: bench.run_load("http-rate", "127.0.0.1", port, SIZE, seconds,
                                                           conns)["per_second"])
        d, p, a = (median(rates[label]) for label in ("direct", "plain", "aware"))
        bench.record("http", f"keep-alive requests/s, {conns} conn, plain proxy", d, p, "req/s")
        bench.record("http", f"keep-alive requests/s, {conns} conn, HTTP-aware ({a / p:.3f}× plain, target ≥ 0.8)",
                     d, a, "req/s", extra={"over_plain": round(a / p, 4)})
    bench.delete_proxy("http_plain")
    bench.delete_proxy("http_aware")
