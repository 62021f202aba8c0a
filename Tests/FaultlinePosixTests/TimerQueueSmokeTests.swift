/// The shared timer heap under churn: cancel in the middle, pop in order, nothing lost or duplicated.
import FaultlineCore
import Testing

@Suite struct TimerQueueSmokeTests {
    @Test func randomScheduleAndCancelKeepsOrder() {
        var queue = TimerQueue<Int>()
        var rng = SplitMix64(seed: 42)
        var live: [TimerID: (Instant, Int)] = [:]
        for i in 0..<5000 {
            let deadline = Instant(nanoseconds: rng.next() % 1_000_000)
            live[queue.schedule(at: deadline, i)] = (deadline, i)
            if i % 3 == 0, let victim = live.keys.randomElement(using: &rng) {
                #expect(queue.cancel(victim) != nil)
                live[victim] = nil
            }
        }
        var popped: [(Instant, Int)] = []
        while let (deadline, value) = queue.popDue(now: Instant(nanoseconds: .max)) { popped.append((deadline, value)) }
        #expect(popped.count == live.count)
        #expect(zip(popped, popped.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) })
        #expect(Set(popped.map(\.1)) == Set(live.values.map(\.1)))
    }
}
