"""The toxic path: throughput with a toxic on the direction, as a ratio to direct and to Faultline's own pass-through.

One proxy per toxic setting, all in front of the bulk server, created at run time. Each setting is measured in the
same alternation as direct loopback and the plain proxy (no toxic), for 1 and 8 connections, both directions:
client → server (upload, the toxic on `upstream`) and server → client (download, on `downstream`).
"""
from benchlib import median

MiB = 1 << 20

# (label, toxics on the measured stream); "stream" is filled in per direction.
SETTINGS = [
    ("noop", [{"type": "noop"}]),
    ("latency 0 ms", [{"type": "latency", "attributes": {"latency": 0}}]),
    ("latency 1 ms", [{"type": "latency", "attributes": {"latency": 1}}]),
    # 1,000,000 KB/s is 954 MiB/s: below what loopback carries here, so that row is the cap, not the path's cost;
    # 100,000,000 KB/s is above any link here, the case the transparent path is for.
    ("bandwidth 1,000,000 KB/s", [{"type": "bandwidth", "attributes": {"rate": 1_000_000}}]),
    ("bandwidth 100,000,000 KB/s", [{"type": "bandwidth", "attributes": {"rate": 100_000_000}}]),
    ("slicer 1 KiB, no delay", [{"type": "slicer", "attributes": {"average_size": 1024, "size_variation": 0,
                                                                   "delay": 0}}]),
    ("latency 1 ms + bandwidth + slicer", [
        {"type": "latency", "attributes": {"latency": 1}},
        {"type": "bandwidth", "attributes": {"rate": 1_000_000}},
        {"type": "slicer", "attributes": {"average_size": 1024, "size_variation": 0, "delay": 0}}]),
]


def toxics_on(stream, toxics):
    return [dict(toxic, stream=stream, name=f"{toxic['type']}_{index}") for index, toxic in enumerate(toxics)]


def run(bench):
    quick = bench.quick
    runs = 1 if quick else 2
    for op, stream, label in (("download", "downstream", "server → client"), ("upload", "upstream", "client → server")):
        names = {}
        for index, (setting, toxics) in enumerate(SETTINGS):
            name = f"toxic_{stream}_{index}"
            bench.create_proxy(name, bench.bulk_port, toxics=toxics_on(stream, toxics))
            names[setting] = name
        for conns in (1, 8):
            total = (128 if quick else 512) * MiB
            # Slicing into 1 KiB writes is slow by design: move less through it, the ratio is per second anyway.
            size_of = {setting: total // (8 if "slicer" in setting else 1) // conns for setting, _ in SETTINGS}

            def measure(port, size):
                return bench.run_load(op, "127.0.0.1", port, size, conns)["bytes_per_second"]

            for setting, _ in SETTINGS:
                size = size_of[setting]
                direct, plain, toxic = [], [], []
                targets = [(direct, bench.port("bulk", False)), (plain, bench.port("bulk", True)),
                           (toxic, bench.port(names[setting], True))]
                for round_index in range(runs):
                    for values, port in (targets if round_index % 2 == 0 else list(reversed(targets))):
                        values.append(measure(port, size))
                own = median(toxic) / median(plain) if median(plain) else None
                bench.record("toxic-path", f"{setting}, {conns} conn{'s' if conns > 1 else ''}, {label}",
                             median(direct) / MiB, median(toxic) / MiB, "MiB/s",
                             extra={"passthrough_mib_s": round(median(plain) / MiB, 1),
                                    "ratio_to_passthrough": round(own, 4) if own else None,
                                    "passthrough_ratio": round(median(plain) / median(direct), 4)})
        for name in names.values():
            bench.delete_proxy(name)
