/// After a burst of held bytes drains, the process gives the memory back instead of sitting on its peak.
import FaultlineTestSupport
import Glibc
import Synchronization
import Testing

@Suite(.serialized) struct MemoryReturnTests {
    @Test func rssFallsBackOnceABurstThroughALatencyToxicHasDrained() throws {
        let size = 8 << 20
        let upstream = try TestUpstream { socket in try? socket.send([UInt8](repeating: 0x61, count: size)) }
        let server = try ServeProcess(
            config: #"[{"name":"slow","listen":"127.0.0.1:0","upstream":"127.0.0.1:\#(upstream.port)","#
                + #""toxics":[{"type":"latency","attributes":{"latency":1500}}]}]"#,
            // A budget below what the clients want keeps connections parking and resuming: the churn that
            // fragments the heap (without a trim, ~215 MiB stayed after this burst).
            arguments: ["--max-buffered", "200MiB"])
        let port = try #require(server.port(of: "slow"))
        let baseline = server.process.residentBytes
        // 100 downloads of 8 MiB through the toxic: the budget (200 MiB) is full for seconds, and on two data loops
        // (a connection parked on one must be woken when the other frees room: one in twenty stalled 60 s without).
        let done = Mutex(0)
        let complete = Mutex(0)
        for _ in 0..<100 {
            Thread.detach {
                defer { done.withLock { $0 += 1 } }
                guard let client = try? BlockingSocket.connect(port: port),
                    (try? client.receive(exactly: size, timeout: 60))?.count == size
                else { return }
                complete.withLock { $0 += 1 }
            }
        }
        var peak = 0
        #expect(TestClock.eventually(timeout: 90) {
            peak = max(peak, server.process.residentBytes)
            return done.withLock { $0 } == 100
        })
        #expect(complete.withLock { $0 } == 100)
        #expect(peak > baseline + (100 << 20), "peak \(peak >> 20) MiB, baseline \(baseline >> 20) MiB")
        // Every connection is gone: within a few seconds the heap goes back to the kernel.
        var after = 0
        let settled = TestClock.eventually(timeout: 20) {
            after = server.process.residentBytes
            return after < baseline + (60 << 20)
        }
        #expect(settled, "RSS \(after >> 20) MiB after the burst, \(peak >> 20) MiB at its peak")
    }
}
