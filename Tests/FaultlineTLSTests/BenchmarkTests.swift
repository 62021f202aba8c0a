/// Microbenchmarks of the TLS module alone, in memory on one thread: handshakes per second, bulk throughput
/// and heap per idle session. Off by default (CI has better things to do); run them with
/// `FAULTLINE_TLS_BENCH=1 swift test --filter BenchmarkTests`.
import FaultlineTLS
import Glibc
import Testing

@Suite(.serialized, .enabled(if: getenv("FAULTLINE_TLS_BENCH") != nil))
struct BenchmarkTests {
    /// CPU seconds this thread spent in `body`: on a shared 2-core machine wall time mostly measures the
    /// neighbours, CPU time measures the code.
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// `chained`: the server's leaf comes from a CA the client trusts (one more signature to verify), as with
    /// the auto CA; otherwise the client trusts the self-signed leaf itself, as a C program over OpenSSL's
    /// memory BIOs typically measures it.
    @Test(arguments: [true, false])
    func handshakesPerSecond(chained: Bool) throws {
        let fixtures = try Fixtures()
        var server = fixtures.server
        var client = fixtures.client
        if !chained {
            let leaf = try fixtures.authority.faultIdentity(.selfSigned, for: ["localhost"])
            server = try TLSServerContext(identity: leaf)
            client = try TLSClientContext(trustAnchors: TLSTrustAnchors(pem: leaf.certificatePEM))
        }
        let count = 2000
        var established = 0
        let elapsed = try Self.cpuSeconds {
            for _ in 0..<count {
                let pair = try fixtures.pair(server: server, client: client).handshake()
                if pair.clientEstablished && pair.serverEstablished { established += 1 }
            }
        }
        #expect(established == count)
        let rate = Double(count) / elapsed
        print(
            "handshakes (\(chained ? "CA-issued leaf" : "self-signed leaf trusted directly")): \(count) TLS 1.3 "
                + "pairs (P-256 ECDSA, X25519) in \(elapsed) s = \(Int(rate)) pairs/s of one core's CPU time")
    }

    @Test(arguments: [16 << 10, 64 << 10, 1 << 10])
    func bulkThroughput(writeSize: Int) throws {
        let pair = try Fixtures().pair().handshake()
        pair.discardsPlaintext = true
        let chunk = [UInt8](repeating: 0x5a, count: writeSize)
        let total = writeSize >= 16 << 10 ? 512 << 20 : 64 << 20
        let elapsed = try Self.cpuSeconds {
            var sent = 0
            while sent < total {
                try pair.send(chunk, fromClient: true)
                sent += chunk.count
            }
        }
        #expect(pair.plaintextToServer == total)
        let rate = Double(total) / elapsed / 1e6
        print(
            "bulk: \(total >> 20) MiB in \(writeSize)-byte writes, encrypted and decrypted "
                + "(\(pair.client.cipherSuite ?? "?")) in \(elapsed) s = \(Int(rate)) MB/s"
        )
    }

    @Test func bytesPerIdleSession() throws {
        let perPair = try MemoryTests.bytesPerIdlePair(1000)
        print("idle: \(perPair) bytes per established pair = \(perPair / 2) per session (1000 pairs, mallinfo2)")
    }
}
