/// UDP proxies on real loopback sockets: boundaries and sizes, sessions, the admin API's JSON, expiry, ICMP, floods.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer
import Glibc
import Testing

@Suite(.serialized) struct UDPProxyTests {
    @Test func datagramsKeepTheirBoundariesAndRepliesFindTheirClient() throws {
        let echo = try UDPEchoServer()
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port)])
        let port = try h.port("u")
        let a = try BlockingUDP()
        let b = try BlockingUDP()
        for size in [0, 1, 64, 1400, 9000, 65_507] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }
            #expect(try a.exchange(payload, port: port) == payload, "size \(size)")
        }
        // Two clients at once: each gets its own replies back through its own session.
        try a.send([1, 1, 1], port: port)
        try b.send([2, 2], port: port)
        #expect(b.receive() == [2, 2])
        #expect(a.receive() == [1, 1, 1])
        let stats = h.udpStats()
        #expect(stats.sessionsActive == 2 && stats.sessionsCreated == 2)
        #expect(stats.flows.upstream.datagramsReceived == 8 && stats.flows.downstream.datagramsSent == 8)
        #expect(stats.flows.upstream.bytesSent == UInt64(1 + 64 + 1400 + 9000 + 65_507 + 3 + 2))
    }

    @Test func ipv6ClientsAndUpstreamsWork() throws {
        let server = socket(AF_INET6, CInt(SOCK_DGRAM.rawValue), 0)
        defer { close(server) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        inet_pton(AF_INET6, "::1", &address.sin6_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, length) == 0 && getsockname(server, $0, &length) == 0 }
        }
        try #require(bound, "no IPv6 loopback here")
        let upstreamPort = UInt16(bigEndian: address.sin6_port)
        let spec = ProxySpec(name: "u6", listen: "[::1]:0", upstream: "[::1]:\(upstreamPort)", kind: .udp)
        let h = try ProxyHarness([spec])
        let proxyPort = try h.port("u6")
        let client = socket(AF_INET6, CInt(SOCK_DGRAM.rawValue), 0)
        defer { close(client) }
        var target = sockaddr_in6()
        target.sin6_family = sa_family_t(AF_INET6)
        target.sin6_port = proxyPort.bigEndian
        inet_pton(AF_INET6, "::1", &target.sin6_addr)
        let message: [UInt8] = [6, 6, 6]
        _ = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { to in
                message.withUnsafeBytes { sendto(client, $0.baseAddress, 3, 0, to, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var pfd = pollfd(fd: server, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 5000) == 1)
        var buffer = [UInt8](repeating: 0, count: 16)
        var sender = sockaddr_in6()
        var senderLength = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let count = withUnsafeMutablePointer(to: &sender) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { from in
                buffer.withUnsafeMutableBytes { recvfrom(server, $0.baseAddress, 16, 0, from, &senderLength) }
            }
        }
        #expect(Array(buffer[..<max(0, count)]) == message)
        _ = withUnsafePointer(to: &sender) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { to in
                [UInt8]([9]).withUnsafeBytes { sendto(server, $0.baseAddress, 1, 0, to, senderLength) }
            }
        }
        var cfd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        #expect(poll(&cfd, 1, 5000) == 1)
        #expect(recv(client, &buffer, 16, 0) == 1 && buffer[0] == 9)
    }

    @Test func apiShowsKindAndBlockAndRefusesBadInputNamingTheField() throws {
        let echo = try UDPEchoServer()
        let admin = try AdminServer()
        let created = try admin.client().send(
            "POST", "/proxies", #"{"name":"gossip","kind":"udp","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(echo.port)"}"#)
        #expect(created.status == 201)
        let port = try #require(PortBook.listenPort(in: created.bodyText))
        #expect(created.bodyText == #"{"name":"gossip","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:\#(echo.port)","enabled":true,"Logger":{},"toxics":[],"kind":"udp","udp":{"idle_timeout":60000,"max_sessions":10000}}"#)

        let toxic = try admin.client().send(
            "POST", "/proxies/gossip/toxics", #"{"type":"loss","stream":"upstream","attributes":{"probability":0.25}}"#)
        #expect(toxic.status == 200)
        #expect(toxic.bodyText == #"{"attributes":{"model":"gilbert","probability":0.25,"burst":1,"p13":0.01,"p31":0.99,"p32":0,"p23":1,"p14":0},"name":"loss_upstream","type":"loss","stream":"upstream","toxicity":1}"#)
        let patched = try admin.client().send(
            "PATCH", "/proxies/gossip/toxics/loss_upstream", #"{"attributes":{"burst":3}}"#)
        #expect(patched.bodyText.contains(#""probability":0.25,"burst":3,"#))

        let refused: [(String, String, String)] = [
            ("/proxies/gossip/toxics", #"{"type":"loss","attributes":{"probability":1.5}}"#,
             "invalid value for attributes.probability: must be between 0 and 1"),
            ("/proxies/gossip/toxics", #"{"type":"corrupt","attributes":{"probabilty":0.1}}"#,
             "invalid value for attributes.probabilty: unknown attribute (expected probability, bits)"),
            ("/proxies/gossip/toxics", #"{"type":"latency","attributes":{"distribution":"gamma"}}"#,
             "invalid value for attributes.distribution: must be one of uniform, normal, pareto, paretonormal"),
            ("/proxies/gossip/toxics", #"{"type":"slicer"}"#, "invalid toxic type"),
            ("/proxies/gossip/toxics/loss_upstream", #"{"attributes":{"p99":1}}"#,
             "invalid value for attributes.p99: unknown attribute (expected model, probability, burst, p13, p31, p32, p23, p14)"),
            ("/proxies/gossip", #"{"udp":{"max_sessions":0}}"#,
             "invalid value for udp.max_sessions: must be between 1 and 1000000"),
        ]
        for (path, body, message) in refused {
            let response = try admin.client().send(path.hasSuffix("upstream") ? "PATCH" : "POST", path, body)
            #expect(response.status == 400, "\(path) \(body)")
            #expect(response.bodyText == #"{"error":"\#(message)","status":400}"# + "\n")
        }
        // The port is this proxy's: another UDP proxy (or a DNS listener) asking for it gets Go's bind error.
        let clash = try admin.client().send(
            "POST", "/proxies", #"{"name":"again","kind":"udp","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:9"}"#)
        #expect(clash.status == 500)
        #expect(clash.bodyText == #"{"error":"listen udp 127.0.0.1:\#(port): bind: address already in use","status":500}"# + "\n")

        let updated = try admin.client().send("POST", "/proxies/gossip", #"{"udp":{"idle_timeout":500}}"#)
        #expect(updated.bodyText.hasSuffix(#""kind":"udp","udp":{"idle_timeout":500,"max_sessions":10000}}"#))
        #expect(try admin.client().send("DELETE", "/proxies/gossip").status == 204)
        #expect(try admin.client().send("GET", "/proxies").bodyText == "{}")
    }

    @Test func idleSessionsExpire() throws {
        let echo = try UDPEchoServer()
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, block: #"{"idle_timeout":150}"#)])
        let client = try BlockingUDP()
        #expect(try client.exchange([7], port: try h.port("u")) == [7])
        #expect(h.udpStats().sessionsActive == 1)
        #expect(TestClock.eventually { h.udpStats().sessionsExpired == 1 })
        #expect(h.udpStats().sessionsActive == 0)
        // The same client comes back: a new session.
        #expect(try client.exchange([8], port: try h.port("u")) == [8])
        #expect(h.udpStats().sessionsCreated == 2)
    }

    @Test func anUnreachableUpstreamIsCountedAndTheSessionCarriesOn() throws {
        // A port nobody listens on yet: the kernel answers each datagram with ICMP port unreachable.
        let upstreamPort = try BlockingUDP(host: "127.0.0.1", port: 0).localPort()
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: upstreamPort)])
        let client = try BlockingUDP()
        let port = try h.port("u")
        #expect(TestClock.eventually {
            try? client.send([1], port: port)
            return h.udpStats().upstreamUnreachable >= 1
        })
        #expect(h.udpStats().sessionsActive == 1)
        // Once the upstream is there, the same session relays both ways.
        let echo = try UDPEchoServer(port: upstreamPort)
        #expect(TestClock.eventually { (try? client.exchange([5], port: port, timeout: 0.2)) == [5] })
        #expect(h.udpStats().sessionsCreated == 1 && echo.count >= 1)
    }

    @Test func aFloodOfSourceAddressesEvictsTheIdlestAndTheListenerKeepsServing() throws {
        let echo = try UDPEchoServer()
        let cap = 1000
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: echo.port, block: #"{"max_sessions":\#(cap)}"#)])
        let port = try h.port("u")
        var answered = 0
        // 50,000 clients, each its own address of 127.0.0.0/8 and port: one datagram and its echo each.
        for index in 0..<50_000 {
            let client = try BlockingUDP(host: "127.1.\(index / 250).\(index % 250 + 1)", port: 0)
            let payload = withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
            if try client.exchange(payload, port: port, timeout: 2) == payload { answered += 1 }
        }
        #expect(answered >= 49_900)
        let stats = h.udpStats()
        #expect(stats.sessionsActive == cap)
        #expect(stats.sessionsCreated == stats.sessionsEvicted + UInt64(cap))
        #expect(stats.sessionsCreated >= 49_900)
        let late = try BlockingUDP()
        #expect(try late.exchange([1, 2, 3], port: port) == [1, 2, 3])
    }
}
