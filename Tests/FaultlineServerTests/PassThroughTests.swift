/// End-to-end pass-through on real loopback sockets: byte-exact both ways, half-close, many connections.
import FaultlineTestSupport
import FaultlineCore
import Synchronization
import Testing

@Suite(.serialized) struct PassThroughTests {
    @Test func echoRoundTrip() throws {
        let upstream = try TestUpstream.echo()
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let client = try harness.connect()
        try client.send("hello faultline")
        #expect(try client.receive(exactly: 15) == Array("hello faultline".utf8))
    }

    @Test(arguments: [1, 1000, 65536, 1 << 20, 16 << 20, 64 << 20])
    func bothDirectionsAtOnceAreByteExact(size: Int) throws {
        let up = Payload.random(count: size, seed: UInt64(size))
        let down = Payload.random(count: size, seed: UInt64(size) &+ 1)
        let receivedUp = Mutex<String?>(nil)
        let upstream = try TestUpstream { socket in
            Thread.detach {
                try? socket.send(down)
                socket.shutdownWrite()
            }
            let got = (try? socket.receiveAll(timeout: 60)) ?? []
            receivedUp.withLock { $0 = SHA256.hash(got) }
        }
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let client = try harness.connect()
        Thread.detach {
            try? client.send(up)
            client.shutdownWrite()
        }
        let got = try client.receiveAll(timeout: 60)
        #expect(got.count == size)
        #expect(SHA256.hash(got) == SHA256.hash(down))
        #expect(TestClock.eventually(timeout: 30) { receivedUp.withLock { $0 } != nil })
        #expect(receivedUp.withLock { $0 } == SHA256.hash(up))
        #expect(TestClock.eventually { harness.activeConnections() == 0 })
    }

    @Test func twoHundredConcurrentConnectionsAreByteExact() throws {
        let upstream = try TestUpstream.echo()
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let port = try harness.port()
        let failures = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        for index in 0..<200 {
            Thread.detach {
                defer { done.add(1, ordering: .relaxed) }
                let payload = Payload.random(count: 1 + (index * 7919) % (256 << 10), seed: UInt64(index))
                guard let client = try? BlockingSocket.connect(port: port) else {
                    failures.add(1, ordering: .relaxed)
                    return
                }
                Thread.detach {
                    try? client.send(payload)
                    client.shutdownWrite()
                }
                let echoed = (try? client.receiveAll(timeout: 60)) ?? []
                if SHA256.hash(echoed) != SHA256.hash(payload) { failures.add(1, ordering: .relaxed) }
            }
        }
        #expect(TestClock.eventually(timeout: 90) { done.load(ordering: .relaxed) == 200 })
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(TestClock.eventually { harness.activeConnections() == 0 })
    }

    @Test func halfClosedClientStillGetsTheWholeResponse() throws {
        let response = Payload.random(count: 3 << 20, seed: 7)
        let upstream = try TestUpstream { socket in
            // A request/response protocol: read the request to EOF, then answer and close.
            guard let request = try? socket.receiveAll(timeout: 10), request == Array("GET /".utf8) else { return }
            try? socket.send(response)
            socket.shutdownWrite()
        }
        let harness = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(upstream.port)")])
        let client = try harness.connect()
        try client.send("GET /")
        client.shutdownWrite()
        let got = try client.receiveAll(timeout: 20)
        #expect(SHA256.hash(got) == SHA256.hash(response))
    }
}
