"""Shared machinery for scripts/bench: building, peer servers, the proxy process, measuring, reporting."""
import json
import os
import platform
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port} after {timeout}s")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, fraction):
    """The sample at `fraction` of the sorted values (the same rank fl-load reports: n * fraction)."""
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))]


def pooled(results):
    """All samples of several fl-load latency runs (each printing samples_ns) as one list."""
    return [sample for result in results for sample in result["samples_ns"]]


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


class Bench:
    def __init__(self, root, quick, build, server_args=(), haproxy=None):
        self.server_args = list(server_args)
        self.haproxy = haproxy  # path of an HAProxy binary to measure alongside, or None
        self.reference = {}  # name -> HAProxy's port for that upstream, when HAProxy is measured too
        self.reference_version = None
        self.root = root
        self.quick = quick
        self.build = build
        self.rows = []  # (section, figure, direct, proxied, ratio text, unit, json dict)
        self.processes = []
        self.tmp = tempfile.mkdtemp(prefix="faultline-bench-")
        self.load = os.path.join(self.tmp, "fl-load")
        self.faultline = os.path.join(root, ".build", "release", "faultline")
        self.proxies = {}  # name -> (proxy port, upstream port)

    # ---------- lifecycle ----------

    def start(self):
        if self.build:
            print("building faultline (release)…", flush=True)
            subprocess.run(["swift", "build", "-c", "release", "--product", "faultline"], cwd=self.root, check=True,
                           stdout=subprocess.DEVNULL)
        subprocess.run(["gcc", "-O2", "-o", self.load, os.path.join(self.root, "scripts", "bench-tools", "fl-load.c"),
                        "-lpthread"], check=True)
        self.echo_port = free_port()
        self.bulk_port = free_port()
        self.spawn([self.load, "echo-server", str(self.echo_port)])
        self.spawn([self.load, "bulk-server", str(self.bulk_port)])
        wait_for_port(self.echo_port)
        wait_for_port(self.bulk_port)
        self.add_proxy("echo", self.echo_port)
        self.add_proxy("bulk", self.bulk_port)
        self.start_proxy()
        if self.haproxy:
            self.start_haproxy()

    def loops(self):
        """Faultline's loop count in this run (`--threads`, else one per core); HAProxy gets as many threads."""
        args = self.server_args
        for i, arg in enumerate(args):
            if arg == "--threads" and i + 1 < len(args):
                return int(args[i + 1])
            if arg.startswith("--threads="):
                return int(arg.split("=", 1)[1])
        return os.cpu_count()

    def start_haproxy(self):
        """HAProxy in TCP mode with forced splice, the configuration the performance issue compares against,
        in front of the same peers; measured in the same alternation as direct and Faultline."""
        version = subprocess.run([self.haproxy, "-v"], capture_output=True, text=True).stdout.split("\n")[0]
        self.reference_version = version.replace("HAProxy version ", "").split(" ")[0].split("-")[0] or "?"
        self.reference = {"echo": free_port(), "bulk": free_port()}
        upstreams = {"echo": self.echo_port, "bulk": self.bulk_port}
        lines = ["global", "    maxconn 4000",  # the descriptor limit (20,000) must cover 2 per connection plus spare
                 f"    nbthread {self.loops()}", "defaults", "    mode tcp", "    timeout connect 10s",
                 "    timeout client 1m", "    timeout server 1m", "    option splice-request", "    option splice-response"]
        for name, port in self.reference.items():
            lines += [f"listen {name}", f"    bind 127.0.0.1:{port}", f"    server s1 127.0.0.1:{upstreams[name]}"]
        path = os.path.join(self.tmp, "haproxy.cfg")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.spawn([self.haproxy, "-db", "-f", path])
        for port in self.reference.values():
            wait_for_port(port)

    def add_proxy(self, name, upstream_port, toxics=None):
        self.proxies[name] = (free_port(), upstream_port, toxics or [])

    def start_proxy(self, extra_args=()):
        config = [{"name": name, "listen": f"127.0.0.1:{port}", "upstream": f"127.0.0.1:{up}", "toxics": toxics}
                  for name, (port, up, toxics) in self.proxies.items()]
        path = os.path.join(self.tmp, "proxies.json")
        with open(path, "w") as f:
            json.dump(config, f)
        self.admin_port = free_port()
        self.proxy_process = self.spawn([self.faultline, "serve", "--config", path, "--port", str(self.admin_port),
                                         "--log-level", "warning", *self.server_args, *extra_args])
        for port, _, _ in self.proxies.values():
            wait_for_port(port)

    def spawn(self, argv, **kwargs):
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kwargs)
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    # ---------- admin API ----------

    def api(self, method, path, body=None):
        """One admin API call; returns the decoded JSON (or None for an empty body)."""
        import urllib.request
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.admin_port}{path}", data=data, method=method,
                                         headers={"User-Agent": "faultline-bench"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def create_proxy(self, name, upstream_port, toxics=()):
        """A proxy created at run time on a fresh port, with its toxics; remembered for `port()`."""
        port = free_port()
        self.api("POST", "/proxies", {"name": name, "listen": f"127.0.0.1:{port}", "upstream": f"127.0.0.1:{upstream_port}"})
        for toxic in toxics:
            self.api("POST", f"/proxies/{name}/toxics", toxic)
        self.proxies[name] = (port, upstream_port, list(toxics))
        return port

    def delete_proxy(self, name):
        self.api("DELETE", f"/proxies/{name}")
        self.proxies.pop(name, None)

    # ---------- measuring ----------

    def port(self, name, proxied):
        port, upstream, _ = self.proxies[name]
        return port if proxied else upstream

    def run_load(self, *args, timeout=600, spin=False, prefix=()):
        env = dict(os.environ, FL_LOAD_SPIN="1") if spin else None
        out = subprocess.run([*prefix, self.load, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                             env=env)
        if out.returncode != 0:
            raise RuntimeError(f"fl-load {' '.join(map(str, args))} failed: {out.stderr.strip()} {out.stdout.strip()}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def paired(self, name, runs, measure):
        """Runs measure(port) alternately direct and proxied `runs` times; returns (direct list, proxied list)."""
        direct, proxied, _ = self.compared(name, runs, measure, reference=False)
        return direct, proxied

    def compared(self, name, runs, measure, reference=True):
        """Like `paired`, with HAProxy measured in the same alternation when it is in the run; its list is
        None otherwise."""
        targets = [("direct", self.port(name, False)), ("faultline", self.port(name, True))]
        if reference and name in self.reference:
            targets.append(("haproxy", self.reference[name]))
        values = {label: [] for label, _ in targets}
        for i in range(runs):
            for label, port in (targets if i % 2 == 0 else list(reversed(targets))):
                values[label].append(measure(port))
        return values["direct"], values["faultline"], values.get("haproxy")

    def record(self, section, figure, direct, proxied, unit, ratio=None, extra=None, lower_is_better=False,
               haproxy=None):
        relative = unit not in ("ms", "µs", "KB/s")
        if ratio is None and direct not in (None, 0) and proxied is not None and relative:
            ratio = proxied / direct
        if ratio == 0:
            ratio = None  # asked for no ratio: the figure is absolute, not relative to direct
        row = {"section": section, "figure": figure, "direct": direct, "proxied": proxied, "unit": unit,
               "ratio": None if ratio is None else round(ratio, 4)}
        if haproxy is not None:
            row["haproxy"] = haproxy
            row["haproxy_version"] = self.reference_version
            if direct not in (None, 0) and relative:
                row["haproxy_ratio"] = round(haproxy / direct, 4)
        if extra:
            row.update(extra)
        self.rows.append(row)
        print(json.dumps(row), flush=True)

    # ---------- reporting ----------

    def report(self, json_path):
        machine = f"{platform.node()} — {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}"
        print()
        print(f"Faultline benchmark ({'quick' if self.quick else 'full'}) on {machine}")
        reference = any("haproxy" in row for row in self.rows)
        header = f"| {'section':<12} | {'figure':<44} | {'direct':>14} | {'faultline':>14} | {'ratio':>8} |"
        if reference:
            header += f" {'haproxy ' + (self.reference_version or ''):>16} | {'ratio':>8} |"
        header += " unit |"
        print(header)
        print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
        for row in self.rows:
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.3f}×"
            line = (f"| {row['section']:<12} | {row['figure']:<44} | {fmt(row['direct']):>14} | "
                    f"{fmt(row['proxied']):>14} | {ratio:>8} |")
            if reference:
                theirs = "" if row.get("haproxy_ratio") is None else f"{row['haproxy_ratio']:.3f}×"
                line += f" {fmt(row.get('haproxy')):>16} | {theirs:>8} |"
            print(line + f" {row['unit']} |")
        if json_path:
            with open(json_path, "w") as f:
                for row in self.rows:
                    f.write(json.dumps(row) + "\n")


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.3g}"
    return f"{value:,}" if isinstance(value, int) else str(value)
