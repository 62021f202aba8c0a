/// Seeded mutation fuzzing of the parser and the decision function: no trap, no hang, valid replies only.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSFuzzTests {
    static let iterations = 100_000
    /// Wall-clock budget for the whole run; the count is the real bound, this only guards against a slow machine.
    static let budget = Duration.seconds(240)

    static let corpus: [[UInt8]] = [
        WireFixtures.digQuery, WireFixtures.glibcQuery, WireFixtures.upstreamAnswer, WireFixtures.nxdomainAnswer,
        WireFixtures.query("a.b.svc.test", type: 28, udpSize: 4096), WireFixtures.query("big.test"),
        WireFixtures.query("alias.test", udpSize: 512),
    ]

    /// One mutation chosen by the generator: the shapes that broke other parsers (see dns-and-loss.md §2.7).
    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        func position() -> Int { bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count)) }
        for _ in 0..<(1 + rng.next() % 4) {
            switch rng.next() % 8 {
            case 0 where !bytes.isEmpty:  // bit flip
                let at = position()
                bytes[at] ^= 1 << UInt8(rng.next() % 8)
            case 1:  // truncation
                bytes = Array(bytes.prefix(position()))
            case 2:  // splice with another corpus entry
                let other = corpus[Int(rng.next() % UInt64(corpus.count))]
                let cut = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
                bytes = Array(bytes.prefix(position())) + other.suffix(from: cut)
            case 3 where bytes.count >= 2:  // compression pointer anywhere, to anywhere (self, forward, header)
                let at = min(position(), bytes.count - 2)
                let target = Int(rng.next() % UInt64(bytes.count + 16))
                bytes[at] = 0xC0 | UInt8((target >> 8) & 0x3F)
                bytes[at + 1] = UInt8(target & 0xFF)
            case 4 where bytes.count >= 12:  // lying count
                let field = 4 + 2 * Int(rng.next() % 4)
                bytes[field] = UInt8(truncatingIfNeeded: rng.next())
                bytes[field + 1] = UInt8(truncatingIfNeeded: rng.next())
            case 5 where !bytes.isEmpty:  // oversize or extended label length
                bytes[position()] = [0x3F, 0x40, 0x7F, 0x80, 0xBF, 0xFF][Int(rng.next() % 6)]
            case 6:  // trailing garbage
                bytes += (0..<(1 + rng.next() % 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            default:  // random byte
                if !bytes.isEmpty { bytes[position()] = UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
        return bytes
    }

    @Test func mutatedMessagesNeverCrashHangOrYieldInvalidReplies() throws {
        let toxics = [
            DNSToxicSpec(name: "nx", kind: .nxdomain(.init(names: ["*.svc.test"])), toxicity: 0.3),
            DNSToxicSpec(name: "sf", kind: .servfail(.init(ede: 3)), toxicity: 0.1),
            DNSToxicSpec(name: "l", kind: .latency(.init(latency: 5, jitter: 5)), toxicity: 0.5),
            DNSToxicSpec(name: "t", kind: .truncate(.init(mode: "partial", size: 100)), toxicity: 0.2),
            DNSToxicSpec(name: "d", kind: .drop(.init(qtypes: ["AAAA"])), toxicity: 0.2),
        ]
        let responders = [
            try Harness.responder(toxics: toxics),
            try Harness.responder(fallback: .forward, hasUpstream: true, toxics: toxics),
        ]
        var rng = SplitMix64(seed: 0xF022)
        var decisionRNG = SplitMix64(seed: 0xD1CE)
        let clock = ContinuousClock()
        let start = clock.now
        var counts = (parsed: 0, answered: 0, forwarded: 0, dropped: 0)
        var done = 0
        while done < Self.iterations, clock.now - start < Self.budget {
            let input = Self.mutate(Self.corpus[Int(rng.next() % UInt64(Self.corpus.count))], &rng)
            if let message = try? DNSMessage(parsing: input) {
                counts.parsed += 1
                // Whatever parses must survive its own round trip.
                #expect((try? DNSMessage(parsing: message.serialized())) == message)
            }
            let transport: DNSTransport = rng.next() % 4 == 0 ? .tcp : .udp
            switch responders[done % 2].decide(input, transport: transport, now: .zero, rng: &decisionRNG) {
            case .answer(let reply, _):
                counts.answered += 1
                let decoded = Decoded(reply)
                #expect(decoded != nil, "invalid reply to \(input)")
                #expect(decoded?.qr == true && decoded?.id == UInt16(input[0]) << 8 | UInt16(input[1]))
                #expect(transport == .tcp || reply.count <= 4096)
            case .forward(let plan, _):
                counts.forwarded += 1
                // The plan must also cope with garbage from the "upstream".
                _ = plan.reply(toUpstream: Self.mutate(input, &rng))
                #expect(Decoded(plan.failureReply()) != nil)
            case .drop:
                counts.dropped += 1
            }
            done += 1
        }
        #expect(done == Self.iterations, "time budget ran out after \(done) inputs")
        // The mutations must actually reach every path, or the run proves little.
        #expect(counts.parsed > 1000 && counts.answered > 1000 && counts.forwarded > 100 && counts.dropped > 1000)
    }

    @Test func everyBytePrefixAndEveryPointerTargetOfAQueryIsHandled() throws {
        let responder = try Harness.responder()
        var rng = SplitMix64(seed: 1)
        let query = WireFixtures.digQuery
        for length in 0...query.count {
            _ = responder.decide(Array(query.prefix(length)), transport: .udp, now: .zero, rng: &rng)
        }
        for at in 12..<(query.count - 1) {
            for target in 0..<(query.count + 2) {
                var bytes = query
                bytes[at] = 0xC0
                bytes[at + 1] = UInt8(target)
                if case .answer(let reply, _) = responder.decide(bytes, transport: .udp, now: .zero, rng: &rng) {
                    #expect(Decoded(reply) != nil)
                }
            }
        }
    }
}
