/// Toxicity is rolled per request from each toxic's own seeded generator: replayable, and at the configured rate.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

@Suite struct ExchangeRollTests {
    /// Which of `count` requests were aborted, for a toxic seeded with `seed`.
    static func aborted(seed: UInt64, count: Int, toxicity: Float, others: [HTTPFaultSpec] = []) throws -> [Int] {
        let h = ExchangeHarness(others + [try fault("http_abort", #"{"status":500}"#, toxicity: toxicity)], seed: seed)
        var hits: [Int] = []
        for index in 0..<count {
            h.clearReceived()
            h.client(get("/\(index)"))
            if h.upstreamText.isEmpty {
                hits.append(index)
            } else {
                h.upstream(ok(""))
            }
        }
        return hits
    }

    @Test func theSameSeedAndOrderReplayTheSameAborts() throws {
        let first = try Self.aborted(seed: 42, count: 500, toxicity: 0.5)
        #expect(try Self.aborted(seed: 42, count: 500, toxicity: 0.5) == first)
        #expect(try Self.aborted(seed: 43, count: 500, toxicity: 0.5) != first)
    }

    @Test func aNeighbourThatNeverMatchesDoesNotShiftTheStream() throws {
        // The abort is the second toxic either way, seeded the same; the first one matches nothing and draws nothing.
        let quiet = [try fault("http_status", #"{"path":"/never"}"#, name: "quiet")]
        let busy = [try fault("http_status", #"{"path":"/never/again"}"#, name: "quiet")]
        #expect(try Self.aborted(seed: 7, count: 300, toxicity: 0.5, others: quiet)
            == Self.aborted(seed: 7, count: 300, toxicity: 0.5, others: busy))
    }

    @Test func abortRateAtToxicityPointThreeIsWithinBinomialBounds() throws {
        let hits = try Self.aborted(seed: 2024, count: 10_000, toxicity: 0.3).count
        // n = 10,000, p = 0.3: σ = √(n·p·(1−p)) ≈ 45.8; the two-sided 99.9 % interval is ±3.29σ ≈ ±151.
        #expect((2849...3151).contains(hits), "\(hits) aborts")
    }

    @Test func toxicityZeroNeverActsAndOneAlwaysDoes() throws {
        #expect(try Self.aborted(seed: 1, count: 200, toxicity: 0).isEmpty)
        #expect(try Self.aborted(seed: 1, count: 200, toxicity: 1).count == 200)
    }
}
