/// Pins the hold queue: FIFO order, due-time pops, byte accounting and storage reuse across long runs.
import FaultlineCore
import Testing

struct HoldQueueTests {
    @Test func popsOldestFirstAndOnlyWhenDue() {
        var queue = HoldQueue()
        queue.append(.bytes([1, 2]), release: .milliseconds(10), received: .zero)
        queue.append(.end, release: .milliseconds(20), received: .zero)
        #expect(queue.count == 2 && queue.byteCount == 2)
        #expect(queue.popDue(now: .milliseconds(9)) == nil)
        #expect(queue.popDue(now: .milliseconds(10))?.event == .bytes([1, 2]))
        #expect(queue.byteCount == 0)
        #expect(queue.popDue(now: .milliseconds(30))?.event == .end)
        #expect(queue.isEmpty && queue.first == nil && queue.popFirst() == nil)
    }

    @Test func keepsOrderAndCountsAcrossManyCompactions() {
        var queue = HoldQueue()
        var next = 0
        var expected = 0
        for round in 0..<200 {
            for _ in 0..<(round % 7 + 1) {
                queue.append(.bytes([UInt8(truncatingIfNeeded: next)]), release: .zero, received: .zero)
                next += 1
            }
            for _ in 0..<(round % 5) {
                guard let entry = queue.popFirst() else { break }
                #expect(entry.event == .bytes([UInt8(truncatingIfNeeded: expected)]))
                expected += 1
            }
            #expect(queue.count == next - expected && queue.byteCount == next - expected)
        }
        var out: [ToxicAction] = []
        queue.drain(into: &out)
        #expect(out.count == next - expected && queue.isEmpty && queue.byteCount == 0)
    }

    @Test func retimeAndModifyFirstKeepTheByteCount() {
        var queue = HoldQueue()
        queue.append(.bytes([1, 2, 3]), release: .milliseconds(5), received: .milliseconds(1))
        queue.append(.bytes([4]), release: .milliseconds(6), received: .milliseconds(2))
        queue.retime { $0.release = $0.received }
        #expect(queue[0].release == .milliseconds(1) && queue[1].release == .milliseconds(2))
        queue.modifyFirst { $0.event = .bytes([9]) }
        #expect(queue.byteCount == 2 && queue.last?.event == .bytes([4]))
    }
}
