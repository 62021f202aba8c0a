#!/usr/bin/env python3
"""UDP proxy compatibility: a real `faultline serve` between independent clients and servers, on loopback.

Usage: Tests/compat/udp_compat.py [path/to/faultline]   (default .build/debug/faultline)

Starts Faultline with a DNS listener, a UDP proxy in front of it (`dig` asks through the proxy), a UDP proxy in
front of a Python UDP receiver, and a TCP + UDP proxy pair on one port in front of `iperf3 -s` (iperf3 runs its
control connection over TCP and its test over UDP on the same port number). Then checks what the peers see: dig's
answers, iperf3's lost-datagram percentage under `loss` 1 %, and order, duplicates, corruption and netem-style
reordering counted by the receiver within binomial bounds. Exits non-zero if any check fails.
"""
import json
import math
import os
import socket
import struct
import subprocess
import sys
import threading
import time

from compatlib import Serve, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAILURES = []
# Paces a scenario (datagrams `gap` apart): never set, so `wait` is a timed pause, not a synchronisation point.
PACE = threading.Event()


def within(count, trials, p, sigmas=5):
    """Whether `count` successes in `trials` fit probability `p` (normal approximation, `sigmas` either side)."""
    mean = trials * p
    spread = sigmas * math.sqrt(trials * p * (1 - p))
    return mean - spread <= count <= mean + spread


class Receiver:
    """A UDP server on its own thread: records (sequence, arrival time, payload) of every datagram."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.records = []
        self.arrived = threading.Condition()
        self.running = True
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while self.running:
            try:
                data, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            with self.arrived:
                self.records.append((time.monotonic(), data))
                self.arrived.notify_all()

    def clear(self):
        self.records = []

    def settle(self, quiet=0.5):
        """Waits until nothing has arrived for `quiet` seconds, then returns the records."""
        with self.arrived:
            while self.arrived.wait(timeout=quiet):
                pass  # something arrived: wait for the next quiet spell
            return list(self.records)


class Faultline(Serve):
    def __init__(self, binary, receiver):
        self.dns, self.dns_proxy, self.recv_proxy, self.iperf, self.iperf_proxy = (free_port() for _ in range(5))
        config = [
            {"name": "dns", "kind": "dns", "listen": f"127.0.0.1:{self.dns}", "upstream": "",
             "dns": {"records": [{"name": "db.test", "type": "A", "value": "127.0.0.1"}]}},
            {"name": "dnsudp", "kind": "udp", "listen": f"127.0.0.1:{self.dns_proxy}",
             "upstream": f"127.0.0.1:{self.dns}"},
            {"name": "recv", "kind": "udp", "listen": f"127.0.0.1:{self.recv_proxy}",
             "upstream": f"127.0.0.1:{receiver.port}"},
            {"name": "iperf_udp", "kind": "udp", "listen": f"127.0.0.1:{self.iperf_proxy}",
             "upstream": f"127.0.0.1:{self.iperf}"},
            {"name": "iperf_tcp", "listen": f"127.0.0.1:{self.iperf_proxy}", "upstream": f"127.0.0.1:{self.iperf}"},
        ]
        super().__init__(binary, config, "faultline-udp-compat-", ["--proxy-metrics"])

    call = Serve.request  # the body as text: /metrics is not JSON

    def toxic(self, proxy, body):
        status, text = self.call("POST", f"/proxies/{proxy}/toxics", body)
        assert status == 200, (status, text)
        return json.loads(text)

    def metric(self, name, **labels):
        _, text = self.call("GET", "/metrics")
        want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
        for line in text.splitlines():
            if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
        raise AssertionError(f"no {name}{{{want}}} in /metrics")


def check(name):
    def wrap(function):
        def run(fl, receiver):
            started = time.monotonic()
            try:
                function(fl, receiver)
                print(f"ok    {name} ({time.monotonic() - started:.2f} s)", flush=True)
            except Exception as error:  # noqa: BLE001 - every failure is reported, then the next check runs
                FAILURES.append(name)
                print(f"FAIL  {name}: {type(error).__name__}: {error}", flush=True)
            finally:
                fl.reset()
                receiver.clear()
        run.__name__ = function.__name__
        return run
    return wrap


def send_numbered(port, count, gap=0.0005, size=64):
    """Sends `count` datagrams: sequence (u32), send time (f64), then filler and a CRC-free checksum byte sum."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for sequence in range(count):
            head = struct.pack("!Id", sequence, time.monotonic())
            sock.sendto(head + bytes(size - len(head)), ("127.0.0.1", port))
            if gap:
                PACE.wait(gap)


def sequences(records):
    return [struct.unpack("!I", data[:4])[0] for _, data in records]


@check("dig through a UDP proxy in front of Faultline's own DNS listener")
def dig_through_proxy(fl, receiver):
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(fl.dns_proxy), "db.test", "+short", "+tries=1",
                          "+time=3"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.split() == ["127.0.0.1"], out.stdout + out.stderr
    fl.toxic("dnsudp", {"type": "latency", "attributes": {"latency": 100}})
    started = time.monotonic()
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(fl.dns_proxy), "db.test", "+short", "+tries=1",
                          "+time=3"], capture_output=True, text=True, timeout=30)
    assert out.stdout.split() == ["127.0.0.1"] and time.monotonic() - started >= 0.1, out.stdout
    fl.toxic("dnsudp", {"type": "blackhole", "stream": "upstream"})
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(fl.dns_proxy), "db.test", "+tries=1", "+time=1"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 9 and "timed out" in out.stdout, out.stdout


@check("iperf3 -u through the proxy with loss 1 % reports about 1 % lost")
def iperf_loss(fl, receiver):
    server = subprocess.Popen(["iperf3", "-s", "-1", "--forceflush", "-p", str(fl.iperf)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:  # ready once it says so
            if "Server listening" in line:
                break
        fl.toxic("iperf_udp", {"type": "loss", "stream": "upstream", "attributes": {"probability": 0.01}})
        out = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(fl.iperf_proxy), "-u", "-b", "8M", "-l",
                              "1200", "-w", "2M", "-t", "5", "--json"], capture_output=True, text=True, timeout=60)
        report = json.loads(out.stdout)
        total = report["end"]["sum"]["packets"]
        lost = report["end"]["sum"]["lost_packets"]
        print(f"      iperf3: {lost} of {total} datagrams lost ({100 * lost / max(1, total):.2f} %)")
        assert total > 4000, report["end"]["sum"]
        assert within(lost, total, 0.01), (lost, total)
        dropped = fl.metric("faultline_udp_dropped_total", proxy="iperf_udp", cause="loss", direction="upstream")
        assert abs(dropped - lost) <= max(3, 0.05 * lost), (dropped, lost)
    finally:
        server.kill()
        server.wait()


@check("latency with jitter reorders; reorder: false keeps order; both deliver everything")
def latency_order(fl, receiver):
    fl.toxic("recv", {"name": "jitter", "type": "latency", "stream": "upstream",
                      "attributes": {"latency": 20, "jitter": 15}})
    send_numbered(fl.recv_proxy, 300, gap=0.001)
    got = sequences(receiver.settle())
    inversions = sum(1 for a, b in zip(got, got[1:]) if b < a)
    assert sorted(got) == list(range(300)) and inversions > 10, (len(got), inversions)
    receiver.clear()
    status, _ = fl.call("PATCH", "/proxies/recv/toxics/jitter", {"attributes": {"reorder": False}})
    assert status == 200
    send_numbered(fl.recv_proxy, 300, gap=0.001)
    got = sequences(receiver.settle())
    assert got == list(range(300)), got[:20]


@check("duplicate: copies within binomial bounds, gap µs apart")
def duplicates(fl, receiver):
    fl.toxic("recv", {"type": "duplicate", "stream": "upstream", "attributes": {"probability": 0.1, "gap": 2000}})
    send_numbered(fl.recv_proxy, 2000)
    got = sequences(receiver.settle())
    extra = len(got) - len(set(got))
    assert set(got) == set(range(2000)) and within(extra, 2000, 0.1), extra
    assert fl.metric("faultline_udp_altered_total", proxy="recv", kind="duplicated", direction="upstream") == extra


@check("corrupt: one bit flipped per corrupted datagram, within binomial bounds")
def corruption(fl, receiver):
    fl.toxic("recv", {"type": "corrupt", "stream": "upstream", "attributes": {"probability": 0.1}})
    size = 64
    send_numbered(fl.recv_proxy, 2000, size=size)
    records = receiver.settle()
    assert len(records) == 2000, len(records)
    corrupted = 0
    for _, data in records:
        # The filler is all zero: any set bit there, or a header that does not decode as sent, is corruption.
        sequence, sent = struct.unpack("!Id", data[:12])
        filler_bits = sum(bin(byte).count("1") for byte in data[12:])
        header_ok = sequence < 2000 and abs(time.monotonic() - sent) < 60
        if filler_bits or not header_ok:
            corrupted += 1
            assert filler_bits <= 1, "exactly one bit flips"
    counted = fl.metric("faultline_udp_altered_total", proxy="recv", kind="corrupted", direction="upstream")
    assert within(counted, 2000, 0.1), counted
    # A flip in the 12-byte header may leave it plausible (a low bit of the timestamp): allow for those.
    assert counted - 12 * 8 / (size * 8) * counted - 10 <= corrupted <= counted, (corrupted, counted)


@check("reorder (netem's): about `probability` of the datagrams go at once, the rest wait `delay`")
def netem_reorder(fl, receiver):
    fl.toxic("recv", {"type": "reorder", "stream": "upstream",
                      "attributes": {"probability": 0.25, "gap": 1, "delay": 20}})
    send_numbered(fl.recv_proxy, 400, gap=0.001)
    records = receiver.settle()
    delays = [arrived - struct.unpack("!d", data[4:12])[0] for arrived, data in records]
    prompt = sum(1 for delay in delays if delay < 0.010)
    got = sequences(records)
    assert sorted(got) == list(range(400)), len(got)
    assert within(prompt, 400, 0.25), prompt
    assert any(b < a for a, b in zip(got, got[1:])), "some datagrams overtake"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "faultline")
    receiver = Receiver()
    fl = Faultline(binary, receiver)
    try:
        for scenario in (dig_through_proxy, iperf_loss, latency_order, duplicates, corruption, netem_reorder):
            scenario(fl, receiver)
    finally:
        fl.stop()
    if FAILURES:
        print(f"\n{len(FAILURES)} UDP compatibility check(s) failed; faultline's log:\n{fl.logs()}")
        sys.exit(1)
    print("\nall UDP compatibility checks passed")


if __name__ == "__main__":
    main()
