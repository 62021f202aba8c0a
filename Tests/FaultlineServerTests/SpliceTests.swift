/// The zero-copy path: toxics joining and leaving mid-transfer keep the stream exact; read/write fallback works.
import FaultlineTestSupport
import FaultlineCore
import FaultlineServer
import Synchronization
import Testing

@Suite(.serialized) struct SpliceTests {
    @Test(arguments: [true, false])
    func toxicsJoiningAndLeavingMidTransferKeepBytesExact(splice: Bool) throws {
        let echo = try TestUpstream.echo()
        let config = ServerConfig(adminHost: nil, splice: splice)
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)")], config: config)
        let payload = Payload.random(count: 48 << 20, seed: 21)
        let client = try h.connect()
        Thread.detach {
            try? client.send(payload)
            client.shutdownWrite()
        }
        var received: [UInt8] = []
        var edited = 0
        while received.count < payload.count {
            let chunk = try client.receive(max: 1 << 20, timeout: 30)
            if chunk.isEmpty { break }
            received += chunk
            // Toggle toxics on both directions while bytes are in flight (in pipes, queues and links).
            if received.count > (edited + 1) * (8 << 20) {
                edited += 1
                if edited % 2 == 1 {
                    try h.add(.latency(LatencyAttributes(latency: 1, jitter: 1)), .upstream)
                    try h.add(.slicer(SlicerAttributes(averageSize: 3000, sizeVariation: 1000, delay: 0)), .downstream)
                } else {
                    try h.remove("latency_upstream")
                    try h.remove("slicer_downstream")
                }
            }
        }
        #expect(edited >= 3)
        #expect(received.count == payload.count)
        #expect(SHA256.hash(received) == SHA256.hash(payload))
    }
}
