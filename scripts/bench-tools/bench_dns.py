"""DNS listener figures: static-table queries per second over UDP on one loop, and a forwarded query's added latency.

Queries per second: `fl-load dns-qps` keeps a window of UDP queries for db.test/A in flight against Faultline's
static table ("faultline") and, for scale, against fl-load's own trivial C responder ("direct", which answers
every query with a canned record and does no parsing at all).

Forwarded latency: sequential queries for a name that is not in Faultline's table, answered by the C responder
either directly or through a Faultline listener that relays them (`upstream` = the responder); the difference
of the percentiles is what the forwarding hop adds.
"""
import json
import urllib.request

from benchlib import free_port, median, wait_for_port


def create(bench, body):
    request = urllib.request.Request(f"http://127.0.0.1:{bench.admin_port}/proxies", data=json.dumps(body).encode(),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def run(bench):
    quick = bench.quick
    runs = 1 if quick else 3
    responder = free_port()
    bench.spawn([bench.load, "dns-server", str(responder)])
    static_port, forward_port = free_port(), free_port()
    create(bench, {"name": "dns_static", "kind": "dns", "listen": f"127.0.0.1:{static_port}", "upstream": "",
                   "dns": {"records": [{"name": "db.test", "type": "A", "value": "127.0.0.1"}]}})
    create(bench, {"name": "dns_forward", "kind": "dns", "listen": f"127.0.0.1:{forward_port}",
                   "upstream": f"127.0.0.1:{responder}"})
    wait_for_port(static_port)
    wait_for_port(forward_port)

    seconds = 2 if quick else 5
    inflight = 64
    direct, proxied = [], []
    for i in range(runs):
        for port, into in ((responder, direct), (static_port, proxied)) if i % 2 == 0 else \
                ((static_port, proxied), (responder, direct)):
            into.append(bench.run_load("dns-qps", "127.0.0.1", port, seconds, inflight, "db.test")["per_second"])
    bench.record("dns", f"static answers per second, UDP, 1 loop ({inflight} in flight)", median(direct),
                 median(proxied), "q/s", extra={"target": 50_000, "direct_is": "canned C responder"})

    count = 5_000 if quick else 20_000
    for label, name, port in (("static answer", "db.test", static_port),
                              ("forwarded query", "forwarded.example", forward_port)):
        d = bench.run_load("dns-latency", "127.0.0.1", responder, count, name)
        p = bench.run_load("dns-latency", "127.0.0.1", port, count, name)
        for q in ("p50", "p99"):
            added = (p[q + "_ns"] - d[q + "_ns"]) / 1000
            bench.record("dns", f"{label} round trip {q} (added {added:+.1f} µs)", d[q + "_ns"] / 1000,
                         p[q + "_ns"] / 1000, "µs", extra={"added_us": round(added, 2), "count": count})
