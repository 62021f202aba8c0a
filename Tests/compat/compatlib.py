"""What the compatibility scripts share: free loopback ports and a real `faultline serve` started from a config."""

import json
import os
import socket
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1 (DNS and UDP listeners bind both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue
    raise RuntimeError("no free port")


class Serve:
    """`faultline serve --config` on a free admin port, its output collected; ready once it logs "ready"."""

    def __init__(self, binary, config, prefix, extra_args=()):
        self.admin = free_port()
        self.dir = tempfile.mkdtemp(prefix=prefix)
        path = os.path.join(self.dir, "proxies.json")
        with open(path, "w") as f:
            json.dump(config, f)
        self.lines = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [binary, "serve", "--config", path, "--port", str(self.admin), "--seed", "42", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self.collect, daemon=True).start()
        # Faultline logs "ready" once every listener and the admin API are up: wait for that line.
        if not self.ready.wait(timeout=20):
            raise RuntimeError("faultline did not start: " + self.logs())

    def collect(self):
        for line in self.process.stdout:
            self.lines.append(line)
            if " ready " in line:
                self.ready.set()

    def logs(self):
        return "".join(self.lines)

    def request(self, method, path, body=None):
        """(status, body text) of one admin API call; error statuses are returned, not raised."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.admin}{path}", data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def reset(self):
        assert self.request("POST", "/reset")[0] == 204

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
