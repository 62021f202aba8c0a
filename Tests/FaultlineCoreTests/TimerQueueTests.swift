/// Pins the order in which timers run: by deadline, ties by scheduling order, cancelled ones never.
import FaultlineCore
import Testing

struct TimerQueueTests {
    @Test func popsInDeadlineOrder() {
        var queue = TimerQueue<Int>()
        for (deadline, tag) in [(30, 3), (10, 1), (50, 5), (20, 2), (40, 4)] {
            _ = queue.schedule(at: Instant(nanoseconds: UInt64(deadline)), tag)
        }
        var popped: [Int] = []
        while let (_, tag) = queue.popDue(now: Instant(nanoseconds: 100)) { popped.append(tag) }
        #expect(popped == [1, 2, 3, 4, 5])
        #expect(queue.isEmpty)
    }

    @Test func tiesRunInSchedulingOrder() {
        var queue = TimerQueue<Int>()
        for tag in 0..<50 { _ = queue.schedule(at: Instant(nanoseconds: 7), tag) }
        var popped: [Int] = []
        while let (_, tag) = queue.popDue(now: Instant(nanoseconds: 7)) { popped.append(tag) }
        #expect(popped == Array(0..<50))
    }

    @Test func popDueLeavesFutureTimers() {
        var queue = TimerQueue<Int>()
        _ = queue.schedule(at: Instant(nanoseconds: 10), 1)
        _ = queue.schedule(at: Instant(nanoseconds: 20), 2)
        #expect(queue.popDue(now: Instant(nanoseconds: 9)) == nil)
        #expect(queue.popDue(now: Instant(nanoseconds: 10))?.action == 1)
        #expect(queue.popDue(now: Instant(nanoseconds: 19)) == nil)
        #expect(queue.earliest == Instant(nanoseconds: 20))
    }

    @Test func cancelledTimersNeverRun() {
        var queue = TimerQueue<Int>()
        var ids: [TimerID] = []
        for tag in 0..<20 { ids.append(queue.schedule(at: Instant(nanoseconds: UInt64(20 - tag)), tag)) }
        for index in stride(from: 0, to: 20, by: 3) { #expect(queue.cancel(ids[index]) == index) }
        #expect(queue.cancel(ids[0]) == nil)  // twice is harmless
        var popped: [Int] = []
        while let (_, tag) = queue.popDue(now: Instant(nanoseconds: 100)) { popped.append(tag) }
        let expected = (0..<20).filter { $0 % 3 != 0 }.reversed()
        #expect(popped == Array(expected))
        #expect(queue.cancel(ids[1]) == nil)  // already ran
    }

    @Test func randomisedScheduleMatchesSortedOrder() {
        var rng = SplitMix64(seed: 11)
        var queue = TimerQueue<Int>()
        var expected: [(deadline: UInt64, tag: Int)] = []
        var cancelled = Set<Int>()
        var ids: [TimerID] = []
        for tag in 0..<500 {
            let deadline = rng.next() % 64
            ids.append(queue.schedule(at: Instant(nanoseconds: deadline), tag))
            expected.append((deadline, tag))
        }
        for _ in 0..<100 {
            let tag = Int(rng.next() % 500)
            if queue.cancel(ids[tag]) != nil { cancelled.insert(tag) }
        }
        let order = expected.filter { !cancelled.contains($0.tag) }
            .sorted { ($0.deadline, $0.tag) < ($1.deadline, $1.tag) }.map(\.tag)
        var popped: [Int] = []
        while let (_, tag) = queue.popDue(now: Instant(nanoseconds: 64)) { popped.append(tag) }
        #expect(popped == order)
    }
}
