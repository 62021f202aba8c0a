/// Datagram toxics on real loopback sockets, each within its statistical bounds, and `--seed` replaying drops.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer
import Glibc
import Testing

@Suite(.serialized) struct UDPToxicSocketTests {
    /// Sends `count` numbered datagrams of `size` bytes in bursts every buffer on the way holds, each burst once the
    /// previous one has gone through, then waits until everything the proxy let through has reached `echo`.
    private func send(
        _ count: Int, size: Int = 64, from client: BlockingUDP, to port: UInt16, through h: ProxyHarness,
        echo: UDPEchoServer
    ) throws {
        var sent = 0
        while sent < count {
            let burst = min(50, count - sent)
            for index in sent..<(sent + burst) {
                var payload = withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
                payload += [UInt8](repeating: 0x5A, count: max(0, size - 4))
                try client.send(payload, port: port)
            }
            sent += burst
            let target = UInt64(sent)
            // The next burst waits until this one has reached the echo: no socket buffer on the way overflows.
            #expect(TestClock.eventually {
                let flow = h.udpStats().flows.upstream
                return flow.datagramsReceived >= target && flow.datagramsSent + flow.toxics.dropped >= target
                    && echo.count >= Int(flow.datagramsSent)
            })
        }
        #expect(TestClock.eventually(timeout: 10) {
            let flow = h.udpStats().flows.upstream
            return flow.datagramsSent + flow.toxics.dropped == UInt64(count) && echo.count == Int(flow.datagramsSent)
        })
    }

    private static func sequence(_ payload: [UInt8]) -> Int {
        payload.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    }

    @Test func lossDropsItsProbabilityWithinBinomialBounds() throws {
        let echo = try UDPEchoServer(echo: false)
        let loss = try ProxyHarness.udpToxic("loss", #"{"probability":0.3}"#)
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, toxics: [loss])])
        try send(2000, from: try BlockingUDP(), to: try h.port("u"), through: h, echo: echo)
        // 2000 × 0.3 = 600 lost, standard deviation 20.5: five of them either side.
        let lost = 2000 - echo.count
        #expect((497...703).contains(lost), "lost \(lost)")
        #expect(h.udpStats().flows.upstream.toxics.lost == UInt64(lost))
    }

    @Test func theSameSeedReplaysTheSameDrops() throws {
        func run(seed: UInt64) throws -> [Int] {
            let echo = try UDPEchoServer(echo: false)
            let loss = try ProxyHarness.udpToxic("loss", #"{"probability":0.2,"burst":3}"#)
            let h = try ProxyHarness(
                [try ProxyHarness.udpSpec(upstream: echo.port, toxics: [loss])],
                config: ServerConfig(adminHost: nil, seed: seed))
            try send(400, from: try BlockingUDP(), to: try h.port("u"), through: h, echo: echo)
            return echo.payloads.map(Self.sequence)
        }
        let first = try run(seed: 7)
        #expect(first.count < 400 && first.count > 200)
        #expect(try run(seed: 7) == first)
        #expect(try run(seed: 8) != first)
    }

    @Test func latencyDelaysEveryDatagram() throws {
        let echo = try UDPEchoServer()
        let latency = try ProxyHarness.udpToxic("latency", #"{"latency":25}"#, stream: .downstream)
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, toxics: [latency])])
        let client = try BlockingUDP()
        let port = try h.port("u")
        var samples: [Double] = []
        for index in 0..<20 {
            let start = TestClock.now()
            #expect(try client.exchange([UInt8(index)], port: port) == [UInt8(index)])
            samples.append(TestClock.now() - start)
        }
        samples.sort()
        #expect(samples[0] >= 0.025, "never early")
        #expect(samples[10] < 0.035, "p50 \(samples[10])")
    }

    @Test func bandwidthPacesDatagramsAtItsRate() throws {
        let echo = try UDPEchoServer()
        let bandwidth = try ProxyHarness.udpToxic("bandwidth", #"{"rate":100,"queue":400000}"#)
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, toxics: [bandwidth])])
        let client = try BlockingUDP()
        client.setReceiveBuffer(1 << 20)
        let port = try h.port("u")
        let start = TestClock.now()
        for index in 0..<150 { try client.send([UInt8](repeating: UInt8(index), count: 1000), port: port) }
        var replies = 0
        while client.receive(timeout: 2) != nil {
            replies += 1
            if replies == 150 { break }
        }
        let elapsed = TestClock.now() - start
        // 150,000 bytes at 100,000 B/s: the first leaves at once, the last 1.49 s later.
        #expect(replies == 150)
        #expect(elapsed > 1.35 && elapsed < 2.2, "elapsed \(elapsed)")
    }

    @Test func mtuDropsOrTruncatesWhatIsTooLarge() throws {
        let echo = try UDPEchoServer()
        let mtu = try ProxyHarness.udpToxic("mtu", #"{"size":100}"#)
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, toxics: [mtu])])
        let client = try BlockingUDP()
        let port = try h.port("u")
        try client.send([UInt8](repeating: 1, count: 101), port: port)
        #expect(try client.exchange([UInt8](repeating: 2, count: 100), port: port)?.count == 100)
        #expect(h.udpStats().flows.upstream.toxics.oversized == 1)
        try h.update("mtu_upstream", .udp(.mtu(DatagramMTUAttributes(size: 100, truncate: true))), proxy: "u")
        #expect(try client.exchange([UInt8](repeating: 3, count: 500), port: port) == [UInt8](repeating: 3, count: 100))
        #expect(h.udpStats().flows.upstream.toxics.truncated == 1)
    }

    @Test func blackholeSwallowsChosenSessionsWhilePresent() throws {
        let echo = try UDPEchoServer()
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port)])
        let port = try h.port("u")
        try h.addToxic(try ProxyHarness.udpToxic("blackhole", toxicity: 0.5))
        var answered = 0
        for _ in 0..<40 where try BlockingUDP().exchange([1], port: port, timeout: 0.3) == [1] { answered += 1 }
        // Sessions are picked by their roll: about half answered (binomial 40 × 0.5, sd 3.2).
        #expect((8...32).contains(answered), "answered \(answered)")
        #expect(h.udpStats().flows.upstream.toxics.blackholed == UInt64(40 - answered))
        try h.remove("blackhole_upstream", proxy: "u")
        #expect(try BlockingUDP().exchange([2], port: port) == [2])
    }
}
