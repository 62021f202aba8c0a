/// Several data loops: connections spread over one shared listener, table changes reach every loop first.
import Dispatch
import FaultlineTestSupport
import FaultlineAdmin
import FaultlineCore
import FaultlineServer
import Synchronization
import Testing

@Suite(.serialized) struct MultiLoopTests {
    let config = ServerConfig(adminHost: nil, threads: 3)

    @Test(arguments: [false, true])
    func connectionsOnEveryLoopAreByteExactAndCounted(handOff: Bool) throws {
        let echo = try TestUpstream.echo()
        var config = self.config
        config.acceptHandOff = handOff
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)")], config: config)
        let port = try h.port()
        let failures = Mutex(0)
        let done = Mutex(0)
        for index in 0..<60 {
            Thread.detach {
                defer { done.withLock { $0 += 1 } }
                let payload = Payload.random(count: 64 << 10, seed: UInt64(index))
                guard let client = try? BlockingSocket.connect(port: port),
                    (try? client.send(payload)) != nil,
                    let echoed = try? client.receive(exactly: payload.count, timeout: 30), echoed == payload
                else {
                    failures.withLock { $0 += 1 }
                    return
                }
            }
        }
        #expect(TestClock.eventually(timeout: 60) { done.withLock { $0 } == 60 })
        #expect(failures.withLock { $0 } == 0)
        let stats = h.server.perform { $0.stats(proxy: "p") }
        #expect(stats?.received.upstream == UInt64(60 * (64 << 10)))
        #expect(stats?.sent.downstream == UInt64(60 * (64 << 10)))
    }

    @Test func aToxicReachesLiveConnectionsOnEveryLoopBeforeTheCallReturns() throws {
        let echo = try TestUpstream.echo()
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)")], config: config)
        var clients: [BlockingSocket] = []
        for _ in 0..<24 {
            let client = try h.connect()
            #expect(try client.roundTrip() < 1)  // established before the toxic arrives
            clients.append(client)
        }
        #expect(h.activeConnections() == 24)
        try h.add(.latency(LatencyAttributes(latency: 150)))
        for client in clients { #expect(try client.roundTrip() >= 0.15) }
        try h.remove("latency_downstream")
        for client in clients { #expect(try client.roundTrip() < 0.1) }
    }

    @Test func disablingClosesConnectionsOnEveryLoopAndReenablingKeepsThePort() throws {
        let echo = try TestUpstream.echo()
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)")], config: config)
        let port = try h.port()
        var clients: [BlockingSocket] = []
        for _ in 0..<12 {
            let client = try h.connect()
            _ = try client.roundTrip()
            clients.append(client)
        }
        _ = try h.server.control { control throws(FaultlineError) in
            try control.updateProxy(named: "p", to: ProxyUpdate(listen: "127.0.0.1:\(port)", upstream: "127.0.0.1:\(echo.port)", enabled: false))
        }
        for client in clients { #expect(try client.receiveAll(timeout: 5) == []) }
        #expect(throws: (any Error).self) { _ = try BlockingSocket.connect(port: port) }
        _ = try h.server.control { control throws(FaultlineError) in
            try control.updateProxy(named: "p", to: ProxyUpdate(listen: "127.0.0.1:\(port)", upstream: "127.0.0.1:\(echo.port)", enabled: true))
        }
        #expect(try h.port() == port)
        for _ in 0..<12 { #expect(try h.connect().roundTrip() < 1) }
    }
}

/// Toxic edits are answered without waiting for the data loops, and still reach every byte read after the answer.
@Suite(.serialized) struct ToxicEditWhileLoopsAreBusyTests {
    @Test func anEditIsAnsweredWhileEveryDataLoopIsStuckAndTheNextBytesMeetIt() throws {
        let echo = try TestUpstream.echo()
        let server = try AdminServer(threads: 2)
        let port = try server.createProxy("p", upstream: "127.0.0.1:\(echo.port)")
        let client = try BlockingSocket.connect(port: port)
        #expect(try client.roundTrip() < 0.5)
        // Hold both data loops still, as a loop that is busy or descheduled would be.
        let gate = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)
        server.handle.perform { server in
            server.runOnDataLoops {
                holding.signal()
                gate.wait()
            }
        }
        holding.wait()
        holding.wait()
        let start = TestClock.now()
        let admin = try server.client()
        let added = try admin.send("POST", "/proxies/p/toxics", #"{"type":"latency","attributes":{"latency":300}}"#)
        #expect(added.status == 200)
        #expect(TestClock.now() - start < 1, "the API waited for a stuck loop")
        gate.signal()
        gate.signal()
        #expect(try client.roundTrip() >= 0.3)  // the byte sent after the answer met the toxic
        #expect(try admin.send("DELETE", "/proxies/p/toxics/latency_downstream").status == 204)
        #expect(try client.roundTrip() < 0.3)
    }
}
