"""TLS figures: a proxy that terminates TLS from the client and originates TLS to the server, measured against the
same TLS server reached directly and, when HAProxy is in the run, against HAProxy doing the same in the same
alternation (`bind … ssl crt`, `server … ssl verify required`).

Both proxies present the same certificate (a leaf for localhost from a CA made for the run) and verify the server's
against the same CA. `fl-tls` (the load generator and the server) speaks TLS 1.3 with TLS_AES_128_GCM_SHA256 and
X25519 only, so every hop of every target negotiates the same cipher; each figure records the client's.

- 1 connection throughput, each way: one TLS connection moving 1 GiB (256 MiB with --quick).
- New TLS connections per second: connect, full handshake (certificate verified), 1 byte echoed, close, from
  `threads` client threads. The client never resumes; a proxy may resume its own upstream sessions.
- Proxy CPU per GiB and per new connection: the user and system CPU time the proxy process spent on those
  measurements. A loaded machine (other work on the cores) swings the rates by ±30 % between runs; a proxy waiting
  for a core loses time, not CPU, so these compare the two proxies' cost far more steadily.
- Memory per idle TLS connection: the proxy's RSS before and after N connections each completed both handshakes
  and echoed a byte.
"""
import json
import os
import subprocess
import time

from benchlib import free_port, median, rss_kib, wait_for_port

MiB = 1 << 20


def make_certificates(directory):
    """A CA and a leaf for localhost/127.0.0.1 it signed (EC P-256); HAProxy's crt file is the leaf and its key."""
    ca, ca_key = os.path.join(directory, "tls-ca.pem"), os.path.join(directory, "tls-ca.key")
    leaf, key = os.path.join(directory, "tls-leaf.pem"), os.path.join(directory, "tls-leaf.key")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(["openssl", "req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2", "-subj",
                    "/CN=Faultline bench CA"], **quiet)
    csr = os.path.join(directory, "tls-leaf.csr")
    subprocess.run(["openssl", "req", "-new", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost"], **quiet)
    ext = os.path.join(directory, "tls-leaf.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-set_serial", "2", "-days",
                    "2", "-extfile", ext, "-out", leaf], **quiet)
    combined = os.path.join(directory, "tls-haproxy.pem")
    with open(combined, "w") as out:
        for path in (leaf, key):
            with open(path) as f:
                out.write(f.read())
    return ca, leaf, key, combined


def start_haproxy(bench, port, server_port, crt, ca):
    lines = ["global", "    maxconn 5000",  # 2 descriptors a connection must fit the 20,000 limit
             f"    nbthread {bench.loops()}", "defaults", "    mode tcp",
             "    timeout connect 10s", "    timeout client 1m", "    timeout server 1m", "listen tls",
             f"    bind 127.0.0.1:{port} ssl crt {crt}",
             f"    server s1 127.0.0.1:{server_port} ssl verify required ca-file {ca} sni str(localhost) "
             "verifyhost localhost"]
    path = os.path.join(bench.tmp, "haproxy-tls.cfg")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    process = bench.spawn([bench.haproxy, "-db", "-f", path])
    wait_for_port(port)
    return process


def cpu_seconds(pid):
    """User plus system CPU time a process has used, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alternate(runs, targets, measure):
    """Each target's results, and for proxies the CPU seconds the proxy process spent on each (a figure a loaded
    machine disturbs far less than a rate: waiting for a core costs time, not CPU)."""
    values = {label: [] for label, _, _ in targets}
    cpu = {label: [] for label, _, pid in targets if pid}
    for i in range(runs):
        for label, port, pid in (targets if i % 2 == 0 else list(reversed(targets))):
            before = cpu_seconds(pid) if pid else 0
            values[label].append(measure(port))
            if pid:
                cpu[label].append(cpu_seconds(pid) - before)
    return values, cpu


def idle_memory(bench, tool, ca, pid, port, count):
    """KiB of the proxy's RSS per idle TLS connection (both of its sessions), from `count` held connections."""
    before = rss_kib(pid)
    holder = subprocess.Popen([tool, "idle", "127.0.0.1", str(port), str(count), ca], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    line = holder.stdout.readline()
    time.sleep(0.5)  # let the allocator settle before reading RSS (a measurement pause, not a sync)
    after = rss_kib(pid)
    holder.stdin.close()
    holder.wait(timeout=60)
    opened = int(line.split(":")[1].strip(" }\n")) if "ready" in line else 0
    return (after - before) / max(1, opened), opened


def run(bench):
    quick = bench.quick
    tool = os.path.join(bench.tmp, "fl-tls")
    subprocess.run(["gcc", "-O2", "-o", tool, os.path.join(bench.root, "scripts", "bench-tools", "fl-tls.c"),
                    "-lssl", "-lcrypto", "-lpthread"], check=True)
    ca, leaf, key, combined = make_certificates(bench.tmp)
    server = free_port()
    bench.spawn([tool, "server", str(server), leaf, key])
    wait_for_port(server)
    proxy = free_port()
    bench.api("POST", "/proxies", {
        "name": "tls", "listen": f"127.0.0.1:{proxy}", "upstream": f"127.0.0.1:{server}",
        "tls": {"listen": {"cert": leaf, "key": key}, "upstream": {"sni": "localhost", "ca": ca}}})
    targets = [("direct", server, None), ("faultline", proxy, bench.proxy_process.pid)]
    haproxy_process = None
    if bench.haproxy:
        haproxy_port = free_port()
        haproxy_process = start_haproxy(bench, haproxy_port, server, combined, ca)
        targets.append(("haproxy", haproxy_port, haproxy_process.pid))

    def load(*args):
        return run_tool(tool, *args)

    runs = 1 if quick else 5  # one connection's throughput swings by ±15 % between runs here: a median of 5
    size = 256 * MiB if quick else 1024 * MiB
    for op, label in (("download", "server → client"), ("upload", "client → server")):
        results, cpu = alternate(runs, targets, lambda port: load(op, "127.0.0.1", port, size, ca))
        rate = {name: median([r["bytes_per_second"] for r in values]) / MiB for name, values in results.items()}
        bench.record("tls", f"1 TLS connection throughput, {label}", rate["direct"], rate["faultline"], "MiB/s",
                     haproxy=rate.get("haproxy"), extra={"cipher": results["faultline"][0]["cipher"],
                                                         "version": results["faultline"][0]["version"]})
        per_gib = {name: median(seconds) * (1 << 30) / size for name, seconds in cpu.items()}
        record_cpu(bench, f"proxy CPU per GiB, {label}", per_gib, "s/GiB")

    seconds, rate_runs, threads = (1.5, 1, 4) if quick else (3, 5, 4)
    results, cpu = alternate(rate_runs, targets,
                             lambda port: load("connrate", "127.0.0.1", port, seconds, ca, threads))
    rate = {name: median([r["per_second"] for r in values]) for name, values in results.items()}
    failed = {name: sum(r["failed"] for r in values) for name, values in results.items()}
    bench.record("tls", "new TLS connections per second (full handshakes)", rate["direct"], rate["faultline"],
                 "conn/s", haproxy=rate.get("haproxy"),
                 extra={"client_threads": threads, "failed": failed, "cipher": results["faultline"][0]["cipher"]})
    per_connection = {
        name: median([1e6 * spent / max(1, r["connections"]) for spent, r in zip(cpu[name], results[name])])
        for name in cpu}
    record_cpu(bench, "proxy CPU per new TLS connection", per_connection, "µs")

    count = 500 if quick else 2000
    per, opened = idle_memory(bench, tool, ca, bench.proxy_process.pid, proxy, count)
    extra = {"connections": opened, "target_kib": 64}
    theirs = None
    if haproxy_process:
        theirs, _ = idle_memory(bench, tool, ca, haproxy_process.pid, haproxy_port, count)
    bench.record("tls", f"RSS per idle TLS connection, both sessions ({opened} held)", None, per, "KiB", extra=extra,
                 haproxy=theirs)


def record_cpu(bench, figure, spent, unit):
    """A proxy's CPU cost (no direct figure: the ratio is Faultline's to HAProxy's, lower is better)."""
    extra = {}
    if spent.get("haproxy"):
        extra["faultline_vs_haproxy"] = round(spent["faultline"] / spent["haproxy"], 4)
    bench.record("tls", figure, None, spent["faultline"], unit, haproxy=spent.get("haproxy"), extra=extra,
                 lower_is_better=True)


def run_tool(tool, *args):
    out = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"fl-tls {' '.join(map(str, args))} failed: {out.stderr.strip()} {out.stdout.strip()}")
    return json.loads(out.stdout.strip().splitlines()[-1])
