/// Heap held by idle established sessions: the budget is 64 KiB per proxied TLS connection (a server session
/// towards the client plus a client session towards the upstream: exactly one pair here).
import FaultlineTLS
import Glibc
import Testing

@Suite struct MemoryTests {
    /// Bytes malloc has handed out and not had back, over every arena: glibc's mallinfo2() `uordblks + hblkhd`.
    ///
    /// Swift's Glibc module leaves out malloc.h, so the function is looked up with dlsym. It returns a struct of
    /// ten size_t fields (80 bytes), which the C ABI returns through a caller-provided buffer; declaring the
    /// result as the larger `struct stat` keeps that same convention and gives the callee room to write.
    static func heapInUse() -> Int {
        typealias MallInfo2 = @convention(c) () -> stat
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallinfo2") else { return 0 }
        let info = unsafeBitCast(symbol, to: MallInfo2.self)()
        return withUnsafeBytes(of: info) { raw in
            let field = { (index: Int) in Int(raw.load(fromByteOffset: index * 8, as: UInt.self)) }
            return field(7) + field(4)  // uordblks (allocated in arenas) + hblkhd (mmapped blocks)
        }
    }

    /// Established, idle, after a little traffic each way (so tickets and first records have come and gone).
    static func idlePairs(_ count: Int, fixtures: Fixtures) throws -> [(TLSSession, TLSSession)] {
        var sessions: [(TLSSession, TLSSession)] = []
        sessions.reserveCapacity(count)
        for _ in 0..<count {
            let pair = try fixtures.pair().handshake()
            try pair.send(Array("ping".utf8), fromClient: true)
            try pair.send(Array("pong".utf8), fromClient: false)
            guard pair.clientReceived.count == 4, pair.serverReceived.count == 4 else {
                throw FixtureError("pair did not exchange data: \(pair.clientLast) / \(pair.serverLast)")
            }
            // Keep the sessions only: the harness's scratch buffer is not part of a connection's cost.
            sessions.append((pair.client, pair.server))
        }
        return sessions
    }

    /// Bytes per idle pair over `count` pairs; other tests running at the same time add noise to either side,
    /// so the budget check below is far from the measured figure.
    static func bytesPerIdlePair(_ count: Int) throws -> Int {
        let fixtures = try Fixtures()
        // Warm up what OpenSSL allocates once per process or context (method tables, provider caches).
        _ = try idlePairs(4, fixtures: fixtures)
        let before = heapInUse()
        let sessions = try idlePairs(count, fixtures: fixtures)
        let after = heapInUse()
        withExtendedLifetime(sessions) {}
        return (after - before) / count
    }

    @Test func idleEstablishedPairFitsTheBudget() throws {
        let perPair = try Self.bytesPerIdlePair(300)
        #expect(perPair < 64 << 10, "an idle TLS pair holds \(perPair) bytes")
        print("idle established session pair: \(perPair) bytes")
    }

    @Test func idleSessionsHoldNoCiphertextBuffers() throws {
        for (client, server) in try Self.idlePairs(3, fixtures: Fixtures()) {
            #expect(client.bufferedCiphertext == 0 && server.bufferedCiphertext == 0)
        }
    }
}
