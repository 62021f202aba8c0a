/// `http_abort` at toxicity 0.3 over 10,000 requests: the rate within binomial bounds, replayed by `--seed`.
import Testing

@Suite(.serialized) struct HTTPAbortRateTests {
    /// Which of `count` keep-alive requests were aborted, sent in pipelined batches on one connection.
    static func abortedIndices(seed: UInt64, count: Int) throws -> (Set<Int>, UInt64) {
        let h = try HTTPHarness(
            toxics: [#"{"name":"flaky","type":"http_abort","attributes":{"status":503},"toxicity":0.3}"#], seed: seed)
        let client = try h.client()
        var aborted = Set<Int>()
        let batch = 100
        for first in stride(from: 0, to: count, by: batch) {
            let indices = first..<min(count, first + batch)
            try client.socket.send(indices.flatMap { HTTPReader.request("GET", "/size/1?i=\($0)") })
            for index in indices {
                if try client.readResponse().status == 503 { aborted.insert(index) }
            }
        }
        return (aborted, h.faults("flaky", "http_abort"))
    }

    @Test func theRateIsPerRequestAndTheSeedReplaysIt() throws {
        let count = 10_000
        let (first, counted) = try Self.abortedIndices(seed: 42, count: count)
        // p = 0.3, n = 10,000: σ = 45.8; the two-sided 99.9 % bounds are ±3.29 σ.
        #expect((2849...3151).contains(first.count), "\(first.count) aborted")
        #expect(counted == UInt64(first.count))
        let (replay, _) = try Self.abortedIndices(seed: 42, count: count)
        #expect(replay == first)
        let (other, _) = try Self.abortedIndices(seed: 43, count: count)
        #expect(other != first)
    }
}
