/// Three `faultline serve` processes on 127.0.0.2–4 sharing one admin port, and a Faultline DNS listener that
/// answers `fleet.test` with their three addresses (a Kubernetes headless Service, on loopback).
import FaultlineClient
import FaultlineCore
import FaultlineServer
import FaultlineTestSupport
import Glibc
import Logging

final class Fleet {
    static let hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]

    let web: LoopbackHTTPServer
    let directory: TemporaryDirectory
    let adminPort: UInt16
    private(set) var processes: [Subprocess]
    let dns: ServerHandle
    let dnsPort: UInt16

    init() throws {
        web = try LoopbackHTTPServer()
        directory = try TemporaryDirectory()
        let config = try directory.write(
            "proxies.json", #"[{"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(web.port)"}]"#)
        // One admin port on three addresses: taken free on the first, retried if another is busy on it.
        var started: (UInt16, [Subprocess])?
        for _ in 0..<5 where started == nil {
            let port = try Self.freePort(on: Self.hosts[0])
            let processes = try Self.hosts.map { host in
                try Subprocess(faultline: [
                    "serve", "--host", host, "--port", String(port), "--config", config, "--log-level", "info",
                ])
            }
            let ready = processes.allSatisfy { process in
                TestClock.eventually(timeout: 20) { process.stderr.contains(" ready ") || process.wait(timeout: 0) != nil }
                    && process.wait(timeout: 0) == nil
            }
            if ready { started = (port, processes) } else { processes.forEach { $0.signal(SIGKILL) } }
        }
        guard let (port, processes) = started else { throw TestFailure("three instances did not start") }
        adminPort = port
        self.processes = processes
        let records = Self.hosts.map { #"{"name":"fleet.test","type":"A","value":"\#($0)"}"# }.joined(separator: ",")
        let zone = try ProxySpec.decodeConfigFile(Array(
            #"[{"name":"dns","kind":"dns","listen":"127.0.0.1:0","upstream":"","dns":{"records":[\#(records)]}}]"#.utf8))
        let logger = Logger(label: "fleet-dns") { _ in SwiftLogNoOpLogHandler() }
        dns = try ServerHandle.start(config: ServerConfig(adminHost: "127.0.0.1", adminPort: 0), logger: logger, proxies: zone)
        let listen = try Client(endpoint: Endpoint(host: "127.0.0.1", port: dns.adminPort ?? 0)).proxy(named: "dns").listen
        guard let dnsPort = listen.split(separator: ":").last.flatMap({ UInt16($0) }) else {
            throw TestFailure("no DNS port in \(listen)")
        }
        self.dnsPort = dnsPort
    }

    deinit {
        for process in processes { process.signal(SIGKILL) }
        dns.stop()
        web.stop()
    }

    var admins: [String] { Self.hosts.map { "http://\($0):\(adminPort)" } }

    func client(_ index: Int) -> Client { Client(endpoint: Endpoint(host: Self.hosts[index], port: adminPort)) }

    /// Indices of the instances whose `web` proxy holds an `flx-` toxic now (nil for one that does not answer).
    func injected() -> Set<Int> {
        Set(Self.hosts.indices.filter { index in
            (try? client(index).proxy(named: "web").toxics.contains { $0.name.hasPrefix("flx-") }) == true
        })
    }

    func kill(_ index: Int) {
        processes[index].signal(SIGKILL)
        processes[index].wait(timeout: 10)
    }

    /// An experiment: probe the web server, a latency fault on `web` across the fleet as `instances` says.
    func experiment(admin: String, instances: String, duration: String = "3s") -> String {
        """
        {
          "version": "faultline.experiment/v1", "title": "fleet", "seed": 11, "admin": \(admin),
          "probes": {"page": {"http": {"url": "http://127.0.0.1:\(web.port)/"}, "every": "100ms", "timeout": "2s"}},
          "steadyState": {"baseline": "1s", "tolerances": [{"probe": "page", "minSuccessRate": 0.9}]},
          "faults": [{"name": "slow", "proxy": "web", "at": "1s", "duration": "\(duration)", "instances": \(instances),
                      "toxic": {"type": "latency", "attributes": {"latency": 50}}}],
          "recovery": {"within": "5s", "stableFor": "500ms"}
        }
        """
    }

    /// Runs `faultline experiment run` on `text` and samples which instances hold the toxic while it runs.
    func run(_ text: String, seed: UInt64, extra: [String] = [], during: (Fleet, Subprocess) -> Void = { _, _ in })
        throws -> (status: Int32?, seen: Set<Int>, report: String, process: Subprocess)
    {
        let file = try directory.write("experiment-\(seed).json", text)
        let report = directory.file("report-\(seed).json")
        let process = try Subprocess(faultline: [
            "experiment", "run", file, "--seed", String(seed), "--dns-server", "127.0.0.1:\(dnsPort)",
            "--report", report, "--state-dir", directory.file("state"),
        ] + extra)
        // Sampled all through the run; `during` acts once, as soon as a toxic is seen.
        var seen: Set<Int> = []
        var acted = false
        _ = TestClock.eventually(timeout: 60) {
            let now = injected()
            seen.formUnion(now)
            if !acted && !now.isEmpty {
                acted = true
                during(self, process)
            }
            return process.wait(timeout: 0) != nil
        }
        let status = process.wait(timeout: 10)
        return (status, seen, directory.read("report-\(seed).json") ?? "", process)
    }

    private static func freePort(on host: String) throws -> UInt16 {
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, host, &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw TestFailure("bind \(host):0: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
