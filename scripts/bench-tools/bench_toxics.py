"""Toxic accuracy: latency, jitter distribution, bandwidth precision, memory under a rate limit, throughput
through latency. Each proxy is created for its figure over the admin API and deleted afterwards."""
import subprocess
import time

from benchlib import rss_kib

MB = 1_000_000
MiB = 1 << 20


def run(bench):
    quick = bench.quick
    latency(bench, samples=20 if quick else 100)
    jitter(bench, samples=200 if quick else 1000)
    for rate, seconds in ((1000, 2 if quick else 10), (100, 2 if quick else 10)):
        bandwidth(bench, rate, seconds)
    rate_limit_memory(bench, seconds=3 if quick else 10)
    latency_throughput(bench, size=256 * MiB if quick else GiB)


GiB = 1 << 30


def latency(bench, samples):
    bench.create_proxy("acc_latency", bench.echo_port,
                       [{"type": "latency", "stream": "downstream", "attributes": {"latency": 100}}])
    # The client polls for the reply (spin=True): a client sleeping 100 ms would add its own wake-up time.
    # The direct baseline is paced at one ping per 100 ms, so that the echo server is as deeply idle before
    # each ping as it is behind the toxic (its wake-up from a 100 ms sleep costs 200-300 µs on this VM).
    direct = bench.run_load("pingpong", "127.0.0.1", bench.echo_port, 1, samples, 2, 1, 100_000, spin=True)
    proxied = bench.run_load("pingpong", "127.0.0.1", bench.port("acc_latency", True), 1, samples, 2, spin=True)
    bench.delete_proxy("acc_latency")
    for q in ("min", "p50", "p99"):
        added = (proxied[q + "_ns"] - direct[q + "_ns"]) / 1e6
        bench.record("toxics", f"latency 100 ms: added RTT {q} (error {added - 100:+.3f} ms)", direct[q + "_ns"] / 1e6,
                     proxied[q + "_ns"] / 1e6, "ms", ratio=None,
                     extra={"added_ms": round(added, 4), "error_ms": round(added - 100, 4), "samples": samples})


def jitter(bench, samples):
    """latency 100 ± 20: the added delays should be uniform over [80, 120) ms (integer ms, 40 values)."""
    bench.create_proxy("acc_jitter", bench.echo_port,
                       [{"type": "latency", "stream": "downstream", "attributes": {"latency": 100, "jitter": 20}}])
    conns = 20
    direct = bench.run_load("pingpong", "127.0.0.1", bench.echo_port, 1, 200, 20)
    base_ms = direct["p50_ns"] / 1e6
    proxied = bench.run_load("pingpong", "127.0.0.1", bench.port("acc_jitter", True), 1, samples // conns, 1, conns)
    bench.delete_proxy("acc_jitter")
    delays = [s / 1e6 - base_ms for s in proxied["samples_ns"]]
    bins = [0] * 40
    outside = 0
    for d in delays:
        b = int(d - 80)  # a draw of k ms lands in [k, k+1) plus processing time
        if 0 <= b < 40:
            bins[b] += 1
        else:
            outside += 1
    n = sum(bins)
    expected = n / 40
    chi2 = sum((b - expected) ** 2 / expected for b in bins) if n else float("nan")
    # 39 degrees of freedom: the 99.9th percentile of chi-square is 72.1.
    ks = ks_uniform([d for d in delays], 80, 120)
    bench.record("toxics", f"jitter 20 ms: chi-square over 40 bins (df 39, <72.1 = uniform)", None, round(chi2, 1), "χ²",
                 extra={"samples": len(delays), "outside_80_120": outside, "ks_d": round(ks, 4),
                        "min_ms": round(min(delays), 3), "max_ms": round(max(delays), 3)})


def ks_uniform(values, low, high):
    """Kolmogorov–Smirnov distance between `values` and the continuous uniform law on [low, high)."""
    values = sorted(values)
    n = len(values)
    d = 0.0
    for i, v in enumerate(values):
        cdf = min(1.0, max(0.0, (v - low) / (high - low)))
        d = max(d, abs(cdf - i / n), abs(cdf - (i + 1) / n))
    return d


def bandwidth(bench, rate, seconds):
    size = rate * 1000 * seconds
    name = f"acc_bw_{rate}"
    bench.create_proxy(name, bench.bulk_port,
                       [{"type": "bandwidth", "stream": "downstream", "attributes": {"rate": rate}}])
    result = bench.run_load("download", "127.0.0.1", bench.port(name, True), size, 1, timeout=seconds * 3 + 30)
    bench.delete_proxy(name)
    measured = result["bytes_per_second"] / 1000
    error = (measured / rate - 1) * 100
    bench.record("toxics", f"bandwidth {rate} KB/s over {seconds} s (error {error:+.3f} %)", rate, round(measured, 3),
                 "KB/s", extra={"error_percent": round(error, 4), "bytes": size})


def rate_limit_memory(bench, seconds):
    """A client pushing 200 MB into a 100 KB/s toxic must be pushed back, not buffered."""
    name = "acc_bw_memory"
    port = bench.create_proxy(name, bench.bulk_port,
                              [{"type": "bandwidth", "stream": "upstream", "attributes": {"rate": 100}}])
    before = rss_kib(bench.proxy_process.pid)
    pusher = subprocess.Popen([bench.load, "upload", "127.0.0.1", str(port), str(200 * MB), "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = before
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        peak = max(peak, rss_kib(bench.proxy_process.pid))
        time.sleep(0.2)  # sampling period of the RSS probe
    pusher.kill()
    pusher.wait()
    bench.delete_proxy(name)
    bench.record("toxics", f"RSS growth, 200 MB pushed into 100 KB/s for {seconds} s", None,
                 round((peak - before) / 1024, 2), "MiB", extra={"rss_before_kib": before, "rss_peak_kib": peak})


def latency_throughput(bench, size):
    bench.create_proxy("acc_lat_tput", bench.bulk_port,
                       [{"type": "latency", "stream": "downstream", "attributes": {"latency": 100}}])
    direct = bench.run_load("download", "127.0.0.1", bench.bulk_port, size, 1)
    proxied = bench.run_load("download", "127.0.0.1", bench.port("acc_lat_tput", True), size, 1)
    bench.delete_proxy("acc_lat_tput")
    bench.record("toxics", "1 connection through a 100 ms latency toxic (target ≥ 100 MB/s)",
                 direct["bytes_per_second"] / MB, proxied["bytes_per_second"] / MB, "MB/s", ratio=0)
