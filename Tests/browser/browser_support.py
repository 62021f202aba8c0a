"""Helpers for the browser test: the server under test, peers, an attacker's page, the browser, the demo scene."""
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_until(predicate, message, timeout=10.0):
    """Polls `predicate` until it is truthy, pausing 50 ms between tries; fails with `message` at the deadline."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except (OSError, ValueError, KeyError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError("timed out: " + message)
        pause.wait(0.05)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Context:
    driver: webdriver.Chrome
    server: "Faultline"
    tmp: str
    binary: str
    shots: str
    upstream_port: int

    def screenshot(self, name):
        return os.path.join(self.shots, name)


class Faultline:
    """`faultline serve` on a free loopback port, and a plain (non-browser) client of its API."""

    def __init__(self, binary, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "info", "--threads", "1"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        pause = threading.Event()
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("faultline serve did not start:\n" + self.log_tail())
                pause.wait(0.05)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def raw(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = None if body is None else json.dumps(body).encode()
            connection.request(method, path, body=data, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def json(self, method, path, body=None):
        status, _, data = self.raw(method, path, body)
        if status >= 300:
            raise AssertionError("%s %s: %d %s" % (method, path, status, data.decode(errors="replace")))
        return json.loads(data) if data else None

    def token(self):
        _, _, page = self.raw("GET", "/ui")
        marker = b'name="faultline-token" content="'
        start = page.index(marker) + len(marker)
        return page[start:page.index(b'"', start)].decode()

    def proxy_port(self, name):
        return int(self.json("GET", "/proxies/" + name)["listen"].rsplit(":", 1)[1])

    def log_tail(self):
        self.log.flush()
        with open(self.log_path) as f:
            return "".join(f.readlines()[-30:])

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-response are expected (traffic threads stop, faults reset)


class StaticServer:
    """Serves fixed pages (path → bytes) on a free loopback port, from a thread."""

    def __init__(self, pages):
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                body = pages.get(self.path.split("?")[0])
                if callable(body):
                    body = body()
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8" if body[:1] == b"<" else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Upstream(StaticServer):
    """The proxied service: `/` says hello (the experiment's probe), `/big` is 256 KB (traffic for the sparklines)."""

    def __init__(self):
        super().__init__({"/": b"hello from upstream\n", "/big": b"x" * (256 * 1024)})


class Traffic:
    """Downloads through the given proxy ports until stopped, so the dashboard has live rates to draw."""

    def __init__(self, *ports):
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(port, index), daemon=True)
                        for index, port in enumerate(ports)]
        for thread in self.threads:
            thread.start()

    def _run(self, port, index):
        while not self.stopping.is_set():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                for _ in range(20 if index == 0 else 4):
                    connection.request("GET", "/big")
                    connection.getresponse().read()
                connection.close()
            except OSError:
                pass
            if index > 0:
                self.stopping.wait(1.5)  # bursts on the second proxy, so the two sparklines differ

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=10)


def chrome():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-proxy-server",
                 "--hide-scrollbars",
                 "--window-size=1280,860", "--host-resolver-rules=MAP evil.example 127.0.0.1",
                 "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(binary):
            options.binary_location = binary
            break
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_script_timeout(20)
    return driver


def statuses(driver, port):
    """(method, path) → HTTP status of every response the browser got from the admin port, from the DevTools log."""
    requests, found = {}, {}
    prefix = "http://127.0.0.1:%d" % port
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            requests[params["requestId"]] = params["request"]["method"]
        elif message.get("method") == "Network.responseReceived":
            url = params["response"]["url"]
            if url.startswith(prefix):
                method = requests.get(params["requestId"], "?")
                found[(method, url[len(prefix):])] = params["response"]["status"]
    return found


def attack_page(port):
    """A page on another origin that tries what a malicious site would against the admin port."""
    admin = "http://127.0.0.1:%d" % port
    return ("""<!DOCTYPE html><html><body><h1>Totally harmless page</h1>
<form id="f" method="POST" action="%(admin)s/reset" target="sink" enctype="text/plain">
<input name='{"x":"' value='"}'></form>
<iframe name="sink"></iframe>
<script>
const admin = "%(admin)s";
const results = {};
(async () => {
  try {
    await fetch(admin + "/proxies/web/toxics", { method: "POST", mode: "no-cors",
      body: '{"name":"csrf","type":"latency","attributes":{"latency":5000}}' });
    results.nocors = "sent";
  } catch (error) { results.nocors = "error"; }
  try { const r = await fetch(admin + "/ui"); results.read = "read " + r.status + " " + (await r.text()).length; }
  catch (error) { results.read = "blocked"; }
  try {
    const r = await fetch(admin + "/reset", { method: "POST", headers: { "X-Faultline-Token": "0".repeat(64) } });
    results.preflight = "status " + r.status;
  } catch (error) { results.preflight = "blocked"; }
  document.getElementById("f").submit();
  window.attack = results;
})();
</script></body></html>""" % {"admin": admin}).encode()


# Runs in a page whose origin is the rebound name: every call is same-origin to the browser.
REBINDING_SCRIPT = """
const [token, done] = arguments;
const calls = {
  "POST /proxies/web/toxics": ["/proxies/web/toxics", { method: "POST", headers: { "X-Faultline-Token": token },
    body: '{"name":"rebound","type":"latency","attributes":{"latency":1}}' }],
  "GET /ui/state": ["/ui/state", { headers: { "X-Faultline-Token": token } }],
  "POST /reset": ["/reset", { method: "POST", headers: { "X-Faultline-Token": token } }],
  "GET /proxies": ["/proxies", {}],
};
(async () => {
  const out = {};
  for (const [name, [url, init]] of Object.entries(calls)) {
    try { out[name] = (await fetch(url, init)).status; } catch (error) { out[name] = "error " + error; }
  }
  done(out);
})();
"""


def demo_scene(api, upstream_port):
    """A few proxies of different kinds with toxics on, for the README's screenshot."""
    api.raw("POST", "/reset")
    upstream = "127.0.0.1:%d" % upstream_port
    api.json("POST", "/populate", [
        {"name": "api", "listen": "127.0.0.1:0", "upstream": upstream,
         "toxics": [{"type": "bandwidth", "stream": "downstream", "attributes": {"rate": 400}}]},
        {"name": "payments", "listen": "127.0.0.1:0", "upstream": upstream,
         "toxics": [{"type": "http_abort", "toxicity": 0.2,
                     "attributes": {"status": 503, "methods": ["POST"], "path": "/pay/*"}},
                    {"type": "reset_peer", "stream": "upstream", "toxicity": 0.05, "attributes": {"timeout": 500}}]},
        {"name": "redis", "listen": "127.0.0.1:0", "upstream": "127.0.0.1:6379", "enabled": False},
        {"name": "resolver", "kind": "dns", "listen": "127.0.0.1:0", "upstream": "",
         "dns": {"records": [{"name": "db.test", "type": "A", "value": "127.0.0.1"}]},
         "toxics": [{"type": "servfail", "toxicity": 0.3, "attributes": {"names": ["*.svc.test"]}}]},
    ])
    api.json("POST", "/proxies/web/toxics", {"type": "latency", "attributes": {"latency": 120, "jitter": 20}})
    api.json("POST", "/proxies/web/toxics", {"type": "loss", "stream": "upstream", "attributes": {"probability": 0.02}})


def experiment_file(directory, admin_port, web_port):
    """A short experiment against the web proxy: a latency fault its tolerance notices, then recovery."""
    spec = {
        "version": "faultline.experiment/v1",
        "title": "The page tolerates +300 ms on its upstream",
        "hypothesis": "With 300 ms of latency the page stays 100% OK, with p95 under 200 ms",
        "seed": 7,
        "admin": "http://127.0.0.1:%d" % admin_port,
        "probes": {
            "page": {"http": {"url": "http://127.0.0.1:%d/" % web_port, "bodyContains": "hello"},
                     "every": "100ms", "timeout": "2s", "maxLatency": "1s"},
            "port": {"tcp": {"address": "127.0.0.1:%d" % web_port}, "every": "250ms", "timeout": "1s"},
        },
        "steadyState": {"baseline": "3s", "tolerances": [
            {"probe": "page", "minSuccessRate": 0.99, "p95": "200ms"},
            {"probe": "port", "minSuccessRate": 1.0}]},
        "faults": [{"name": "slow-web", "proxy": "web", "at": "3s", "duration": "4s",
                    "toxic": {"type": "latency", "stream": "downstream", "attributes": {"latency": 300, "jitter": 30}}}],
        "recovery": {"within": "5s", "stableFor": "2s"},
    }
    path = os.path.join(directory, "experiment.json")
    with open(path, "w") as f:
        json.dump(spec, f)
    return path
