#!/usr/bin/env python3
"""DNS listener compatibility: a real `faultline serve` driven by independent clients, `dig` and dnspython.

Usage: Tests/compat/dns_compat.py [path/to/faultline]   (default .build/debug/faultline)

Starts Faultline with two DNS proxies from a config file: `dns`, static records only, and `fwd`, which has
one record of its own and forwards everything else to `dns` (a second Faultline listener as its upstream).
Then checks, one scenario at a time, what the clients see: static answers, forwarding, NXDOMAIN with SOA,
NODATA, SERVFAIL, TC and the retry over TCP, drop (client timeout), latency, names/qtypes matching, and
toxicity over 1,000 queries within binomial bounds. Exits non-zero if any check fails.
"""
import json
import math
import os
import subprocess
import sys
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from compatlib import Serve, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAILURES = []


class Faultline(Serve):
    def __init__(self, binary):
        self.dns = free_port()
        self.fwd = free_port()
        records = [
            {"name": "db.test", "type": "A", "value": "127.0.0.1"},
            {"name": "db.test", "type": "AAAA", "value": "::1"},
            {"name": "*.svc.test", "type": "A", "value": "127.0.0.2"},
            {"name": "alias.test", "type": "CNAME", "value": "db.test"},
        ] + [{"name": "big.test", "type": "A", "value": f"10.0.0.{i}"} for i in range(100)]
        config = [
            {"name": "dns", "kind": "dns", "listen": f"127.0.0.1:{self.dns}", "upstream": "",
             "dns": {"records": records}},
            {"name": "fwd", "kind": "dns", "listen": f"127.0.0.1:{self.fwd}", "upstream": f"127.0.0.1:{self.dns}",
             "dns": {"records": [{"name": "local.test", "type": "A", "value": "10.9.9.9"}],
                     "upstream_timeout": 1000}},
        ]
        super().__init__(binary, config, "faultline-dns-compat-")

    def call(self, method, path, body=None):
        status, text = self.request(method, path, body)
        return status, (json.loads(text) if text.strip() else None)

    def toxic(self, proxy, body):
        status, reply = self.call("POST", f"/proxies/{proxy}/toxics", body)
        assert status == 200, (status, reply)
        return reply


def check(name):
    def wrap(function):
        def run(fl):
            started = time.monotonic()
            try:
                function(fl)
                print(f"ok    {name} ({time.monotonic() - started:.2f} s)", flush=True)
            except Exception as error:  # noqa: BLE001 - every failure is reported, then the next check runs
                FAILURES.append(name)
                print(f"FAIL  {name}: {type(error).__name__}: {error}", flush=True)
            finally:
                fl.reset()
        run.__name__ = function.__name__
        return run
    return wrap


def dig(port, *args):
    """Runs dig against 127.0.0.1:port; returns (exit code, output)."""
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), *args], capture_output=True, text=True, timeout=30)
    return out.returncode, out.stdout


def ask(port, name, rdtype="A", tcp=False, timeout=2.0, **kwargs):
    query = dns.message.make_query(name, rdtype, **kwargs)
    if tcp:
        return dns.query.tcp(query, "127.0.0.1", port=port, timeout=timeout)
    return dns.query.udp(query, "127.0.0.1", port=port, timeout=timeout)


def addresses(response):
    return sorted(item.to_text() for rrset in response.answer for item in rrset
                  if rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA))


@check("static answers (A, AAAA, CNAME chain, wildcard), ID and question case echoed")
def static_answers(fl):
    code, out = dig(fl.dns, "db.test", "+short")
    assert code == 0 and out.split() == ["127.0.0.1"], out
    code, out = dig(fl.dns, "db.test", "AAAA", "+short")
    assert out.split() == ["::1"], out
    code, out = dig(fl.dns, "alias.test", "+short")
    assert out.split() == ["db.test.", "127.0.0.1"], out
    code, out = dig(fl.dns, "x.y.svc.test", "+short", "+tcp")
    assert out.split() == ["127.0.0.2"], out
    query = dns.message.make_query("Db.TeSt", "A")
    query.id = 0x5A5A
    response = dns.query.udp(query, "127.0.0.1", port=fl.dns, timeout=2)
    assert response.id == 0x5A5A and response.question[0].name.to_text() == "Db.TeSt.", response
    assert response.flags & dns.flags.AA and response.rcode() == dns.rcode.NOERROR
    assert addresses(response) == ["127.0.0.1"]
    assert response.answer[0].ttl == 5


@check("forwarding to a second Faultline DNS listener (UDP and TCP), local records first")
def forwarding(fl):
    code, out = dig(fl.fwd, "db.test", "+short")
    assert out.split() == ["127.0.0.1"], out
    code, out = dig(fl.fwd, "local.test", "+short")
    assert out.split() == ["10.9.9.9"], out
    response = ask(fl.fwd, "DB.test", "AAAA", tcp=True)
    assert addresses(response) == ["::1"] and response.question[0].name.to_text() == "DB.test."
    assert not response.flags & dns.flags.RA, "relayed opaquely: the static-only upstream offers no recursion"
    assert ask(fl.fwd, "local.test").flags & dns.flags.RA, "a listener with an upstream offers recursion"
    missing = ask(fl.fwd, "nope.test")
    assert missing.rcode() == dns.rcode.NXDOMAIN, missing


@check("NXDOMAIN with an SOA in the authority section")
def nxdomain(fl):
    code, out = dig(fl.dns, "nope.test")
    assert "status: NXDOMAIN" in out and "IN\tSOA\tns.faultline.invalid. hostmaster.faultline.invalid." in out, out
    response = ask(fl.dns, "nope.test")
    assert response.rcode() == dns.rcode.NXDOMAIN and not response.answer
    soa = [rrset for rrset in response.authority if rrset.rdtype == dns.rdatatype.SOA]
    assert soa and soa[0][0].minimum == 5 and soa[0].ttl == 5, response


@check("NODATA: the name exists without the asked type (NOERROR, no answer, SOA)")
def nodata(fl):
    for name, rdtype in (("db.test", "MX"), ("db.test", "HTTPS"), ("svc.test", "A")):
        response = ask(fl.dns, name, rdtype)
        assert response.rcode() == dns.rcode.NOERROR and not response.answer, (name, rdtype, response)
        assert any(r.rdtype == dns.rdatatype.SOA for r in response.authority), response
    code, out = dig(fl.dns, "db.test", "MX")
    assert "status: NOERROR" in out and "ANSWER: 0" in out and "SOA" in out, out


@check("SERVFAIL toxic, with an Extended DNS Error when the query has EDNS")
def servfail(fl):
    fl.toxic("dns", {"type": "servfail", "attributes": {"names": ["db.test"], "ede": 15}})
    code, out = dig(fl.dns, "db.test")
    assert "status: SERVFAIL" in out and "EDE: 15" in out, out
    response = ask(fl.dns, "db.test", use_edns=0)
    assert response.rcode() == dns.rcode.SERVFAIL and not response.flags & dns.flags.AA
    errors = response.extended_errors()
    assert errors and errors[0].code == 15 and "faultline" in errors[0].text, errors
    assert addresses(ask(fl.dns, "alias.test")) == ["127.0.0.1"], "other names are untouched"


@check("TC over UDP and the client's retry over TCP (big RRset, truncate toxic, forwarded)")
def truncation(fl):
    response = ask(fl.dns, "big.test")
    assert response.flags & dns.flags.TC and not response.answer, "100 A records do not fit in 512 bytes"
    response, used_tcp = dns.query.udp_with_fallback(dns.message.make_query("big.test", "A"), "127.0.0.1",
                                                     port=fl.dns, timeout=2)
    assert used_tcp and len(addresses(response)) == 100
    code, out = dig(fl.dns, "big.test", "+noedns")
    assert "Truncated, retrying in TCP mode" in out and "ANSWER: 100" in out, out
    code, out = dig(fl.fwd, "big.test", "+noedns")
    assert "Truncated, retrying in TCP mode" in out and "ANSWER: 100" in out, "through the forwarder: " + out
    fl.toxic("dns", {"type": "truncate", "attributes": {"names": ["db.test"]}})
    response = ask(fl.dns, "db.test", use_edns=0)
    assert response.flags & dns.flags.TC and not response.answer and response.opt, response
    code, out = dig(fl.dns, "db.test")
    assert "Truncated, retrying in TCP mode" in out and "127.0.0.1" in out, out


@check("drop toxic: the client times out (UDP and TCP), other qtypes still answer")
def drop(fl):
    fl.toxic("dns", {"type": "drop", "attributes": {"qtypes": ["AAAA"]}})
    started = time.monotonic()
    try:
        ask(fl.dns, "db.test", "AAAA", timeout=0.5)
        raise AssertionError("answered despite the drop toxic")
    except dns.exception.Timeout:
        assert time.monotonic() - started >= 0.45
    try:
        ask(fl.dns, "db.test", "AAAA", tcp=True, timeout=0.5)
        raise AssertionError("answered over TCP despite the drop toxic")
    except dns.exception.Timeout:
        pass
    code, out = dig(fl.dns, "db.test", "AAAA", "+tries=1", "+timeout=1")
    assert code == 9 and ("timed out" in out or "no servers could be reached" in out), (code, out)
    assert addresses(ask(fl.dns, "db.test", "A")) == ["127.0.0.1"]


@check("latency toxic delays the reply (injected errors too)")
def latency(fl):
    fl.toxic("dns", {"type": "latency", "attributes": {"latency": 300}})
    started = time.monotonic()
    assert addresses(ask(fl.dns, "db.test")) == ["127.0.0.1"]
    assert 0.28 <= time.monotonic() - started < 2, time.monotonic() - started
    fl.toxic("dns", {"type": "nxdomain", "attributes": {"names": ["db.test"]}})
    started = time.monotonic()
    assert ask(fl.dns, "db.test", tcp=True).rcode() == dns.rcode.NXDOMAIN
    assert 0.28 <= time.monotonic() - started < 2


@check("names and qtypes select the queries a toxic acts on")
def matching(fl):
    fl.toxic("dns", {"type": "nxdomain", "attributes": {"names": ["*.svc.test"], "qtypes": ["A"]}})
    assert ask(fl.dns, "a.svc.test", "A").rcode() == dns.rcode.NXDOMAIN
    assert ask(fl.dns, "A.B.SVC.TEST", "A").rcode() == dns.rcode.NXDOMAIN
    aaaa = ask(fl.dns, "a.svc.test", "AAAA")
    assert aaaa.rcode() == dns.rcode.NOERROR and not aaaa.answer, "AAAA is not in qtypes"
    assert ask(fl.dns, "svc.test", "A").rcode() == dns.rcode.NOERROR, "*.svc.test is strictly below svc.test"
    assert addresses(ask(fl.dns, "db.test")) == ["127.0.0.1"]
    negative = ask(fl.dns, "a.svc.test")
    assert negative.authority[0].name.to_text() == "svc.test.", "the SOA owner is the pattern's zone"


@check("toxicity 0.3 over 1,000 queries lies within binomial bounds")
def toxicity(fl):
    fl.toxic("dns", {"type": "servfail", "toxicity": 0.3, "attributes": {"names": ["db.test"]}})
    hits = sum(ask(fl.dns, "db.test").rcode() == dns.rcode.SERVFAIL for _ in range(1000))
    mean, sigma = 300, math.sqrt(1000 * 0.3 * 0.7)
    assert abs(hits - mean) <= 4.5 * sigma, f"{hits} SERVFAIL in 1000 at toxicity 0.3"
    print(f"      {hits} of 1000 queries hit (expected {mean} ± {sigma:.1f})")


@check("admin API: kind and dns block shown, bad toxics are 400s naming the field, TCP proxies unchanged")
def admin(fl):
    status, proxy = fl.call("GET", "/proxies/dns")
    assert status == 200 and proxy["kind"] == "dns" and proxy["dns"]["fallback"] == "nxdomain", proxy
    assert list(proxy)[-2:] == ["kind", "dns"] and proxy["dns"]["records"][0]["ttl"] == 5
    status, error = fl.call("POST", "/proxies/dns/toxics", {"type": "drop", "attributes": {"names": ["a.*.b"]}})
    assert status == 400 and "attributes.names[0]" in error["error"], error
    status, error = fl.call("POST", "/proxies/dns/toxics", {"type": "slicer"})
    assert status == 400 and error["error"] == "invalid toxic type", error
    status, created = fl.call("POST", "/proxies", {"name": "web", "listen": "127.0.0.1:0", "upstream": "127.0.0.1:9"})
    assert status == 201 and "kind" not in created and "dns" not in created, created
    status, error = fl.call("POST", "/proxies/web/toxics", {"type": "servfail"})
    assert status == 400 and error["error"] == "invalid toxic type", error
    assert fl.call("DELETE", "/proxies/web")[0] == 204


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "faultline")
    fl = Faultline(binary)
    try:
        for scenario in (static_answers, forwarding, nxdomain, nodata, servfail, truncation, drop, latency,
                         matching, toxicity, admin):
            scenario(fl)
    finally:
        fl.stop()
    if FAILURES:
        print(f"\n{len(FAILURES)} DNS compatibility check(s) failed; faultline's log:\n{fl.logs()}")
        sys.exit(1)
    print("\nall DNS compatibility checks passed")


if __name__ == "__main__":
    main()
