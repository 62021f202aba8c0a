#!/usr/bin/env python3
"""Rollback time of `faultline experiment run`: from a halt tripping to every toxic removed.

Usage: scripts/bench-tools/rollback_timing.py [--runs 20] [--toxics 10] [--faultline PATH] [--build]

Starts a loopback HTTP upstream and one `faultline serve` with N proxies in front of it, then runs the
same experiment R times: a 300 ms latency toxic on every proxy (N toxics at once), an http probe through
the first proxy whose `maxLatency` is 100 ms, and a halt on its error rate. Each run halts on the first
slow sample and rolls all N toxics back; the figure is the report's `halt.rollbackMs`
(rollbackCompletedAt − haltedAt on the runner's loop clock, whole milliseconds). Prints p50, p99 (nearest
rank) and max, and one JSON line. Every run must end `halted` with nothing left on the server.
"""
import argparse
import http.server
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench-tools"))
from benchlib import free_port, wait_for_port  # noqa: E402


class Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def nearest_rank(values, percent):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def experiment(admin, proxies, probe_port):
    return {
        "version": "faultline.experiment/v1",
        "title": f"rollback timing: {len(proxies)} toxics",
        "seed": 1,
        "admin": admin,
        "probes": {
            "page": {"http": {"url": f"http://127.0.0.1:{probe_port}/"}, "every": "50ms", "timeout": "1s",
                     "maxLatency": "100ms"},
        },
        "steadyState": {"baseline": "500ms", "tolerances": [{"probe": "page", "minSuccessRate": 0.5}]},
        "faults": [{"name": "slow", "proxy": proxies, "at": "500ms", "duration": "30s",
                    "toxic": {"type": "latency", "attributes": {"latency": 300}}}],
        # A 200 ms window holds only samples that ended after the injection: the first slow one trips it.
        "halt": [{"probe": "page", "maxErrorRate": 0.5, "window": "200ms", "minSamples": 1}],
        "recovery": {"within": "5s", "stableFor": "300ms"},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--toxics", type=int, default=10, help="proxies, one toxic each")
    parser.add_argument("--faultline", default=os.path.join(ROOT, ".build", "release", "faultline"))
    parser.add_argument("--build", action="store_true", help="swift build -c release first")
    args = parser.parse_args()
    if args.build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "faultline"], cwd=ROOT, check=True)
    if not os.access(args.faultline, os.X_OK):
        sys.exit(f"no executable at {args.faultline} (pass --build or --faultline PATH)")

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    tmp = tempfile.mkdtemp(prefix="faultline-rollback-")
    names = [f"p{i}" for i in range(args.toxics)]
    ports = {name: free_port() for name in names}
    config = [{"name": n, "listen": f"127.0.0.1:{ports[n]}", "upstream": f"127.0.0.1:{upstream.server_port}"}
              for n in names]
    with open(os.path.join(tmp, "proxies.json"), "w") as f:
        json.dump(config, f)
    admin_port = free_port()
    admin = f"http://127.0.0.1:{admin_port}"
    server = subprocess.Popen([args.faultline, "serve", "--port", str(admin_port), "--config",
                               os.path.join(tmp, "proxies.json"), "--log-level", "warning"])
    try:
        wait_for_port(admin_port)
        path = os.path.join(tmp, "experiment.json")
        with open(path, "w") as f:
            json.dump(experiment(admin, names, ports[names[0]]), f)
        figures = []
        for run in range(args.runs):
            report_path = os.path.join(tmp, f"report-{run}.json")
            done = subprocess.run([args.faultline, "experiment", "run", path, "--report", report_path,
                                   "--state-dir", os.path.join(tmp, "state")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
            with open(report_path) as f:
                report = json.load(f)
            fault = report["faults"][0]
            if done.returncode != 2 or report["status"] != "halted" or fault["injectedAtMs"] is None:
                sys.exit(f"run {run}: expected a halt after injecting {args.toxics} toxics, got "
                         f"{report['status']} (exit {done.returncode})\n{done.stderr}")
            with urllib.request.urlopen(f"{admin}/proxies") as response:
                left = [t["name"] for p in json.load(response).values() for t in p["toxics"]]
            if left:
                sys.exit(f"run {run}: toxics left on the server: {left}")
            figures.append(report["halt"]["rollbackMs"])
            print(f"run {run + 1:2d}: rollback {figures[-1]} ms "
                  f"(halted at +{report['halt']['haltedAtMs']} ms, {len(fault['proxies'])} toxics)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
        upstream.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    p50, p99 = nearest_rank(figures, 50), nearest_rank(figures, 99)
    print(f"rollback (halt trip → every toxic removed), {args.toxics} toxics, {args.runs} runs: "
          f"p50 {p50} ms, p99 {p99} ms, max {max(figures)} ms (whole ms, truncated)")
    print(json.dumps({"figure": "experiment_rollback_ms", "toxics": args.toxics, "runs": args.runs,
                      "p50": p50, "p99": p99, "max": max(figures), "samples": figures}))


if __name__ == "__main__":
    main()
