/// Clients that vanish mid-transfer, on every path of the real executable: the server must never go down.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct ClientAbortTests {
    /// An upstream that streams 64 KiB chunks until its client goes away.
    static func endlessUpstream() throws -> TestUpstream {
        try TestUpstream { socket in
            let chunk = [UInt8](repeating: 0x5a, count: 64 << 10)
            while (try? socket.send(chunk)) != nil {}
        }
    }

    static func config(upstream: UInt16) -> String {
        """
        [{"name":"bulk","listen":"127.0.0.1:0","upstream":"127.0.0.1:\(upstream)"},
         {"name":"sliced","listen":"127.0.0.1:0","upstream":"127.0.0.1:\(upstream)",
          "toxics":[{"type":"slicer","attributes":{"average_size":1,"size_variation":0,"delay":0}}]},
         {"name":"late","listen":"127.0.0.1:0","upstream":"127.0.0.1:\(upstream)",
          "toxics":[{"type":"latency","attributes":{"latency":5}}]},
         {"name":"dns","kind":"dns","listen":"127.0.0.1:0","upstream":"",
          "dns":{"records":[{"name":"*.svc.test","type":"A","value":"127.0.0.2"}]}}]
        """
    }

    /// Reads `bytes` (or what arrives within the timeout), then closes: plainly, or with RST.
    static func abort(port: UInt16, after bytes: Int, reset: Bool) {
        guard let client = try? BlockingSocket.connect(port: port) else { return }
        var got = 0
        while got < bytes, let chunk = try? client.receive(max: 1 << 20, timeout: 5), !chunk.isEmpty {
            got += chunk.count
        }
        if reset { client.reset() } else { client.close() }
    }

    @Test(arguments: [[], ["--no-splice"], ["--threads", "1"]])
    func downloadsAbortedOnEveryPathLeaveTheServerUp(arguments: [String]) throws {
        let upstream = try Self.endlessUpstream()
        let server = try ServeProcess(config: Self.config(upstream: upstream.port), arguments: arguments)
        let bulk = try #require(server.port(of: "bulk"))
        let sliced = try #require(server.port(of: "sliced"))
        let late = try #require(server.port(of: "late"))
        let dns = try #require(server.port(of: "dns"))
        // Pass-through (splice or read/write): 40 downloads of 1–3 MB, half ending in RST.
        for index in 0..<40 { Self.abort(port: bulk, after: (1 + index % 3) << 20, reset: index % 2 == 0) }
        #expect(server.isServing, "\(server.process.stderr.suffix(2000))")
        // Toxic paths: a 1-byte slicer and a latency toxic, clients killed mid-stream.
        for index in 0..<10 {
            Self.abort(port: sliced, after: 4096, reset: index % 2 == 0)
            Self.abort(port: late, after: 1 << 20, reset: index % 2 == 1)
        }
        // …and the reset that follows a test run at once.
        let admin = try AdminClient(port: server.adminPort)
        #expect(try admin.send("POST", "/reset").status == 204)
        // DNS over TCP: pipelined queries, then RST before the answers are read.
        for _ in 0..<10 {
            guard let client = try? BlockingSocket.connect(port: dns) else { continue }
            let queries = (0..<16).flatMap { index in
                (try? DNSWire.query("host\(index).svc.test", id: UInt16(index))).map(DNSWire.framed) ?? []
            }
            try? client.send(queries)
            client.reset()
        }
        // The admin API: pipelined requests, then RST before the responses are read.
        for _ in 0..<10 {
            guard let client = try? BlockingSocket.connect(port: server.adminPort) else { continue }
            try? client.send((0..<64).flatMap { _ in AdminClient.request("GET", "/proxies") })
            client.reset()
        }
        #expect(server.isServing, "\(server.process.stderr.suffix(2000))")
        #expect(server.process.terminate() == 0)
    }
}
