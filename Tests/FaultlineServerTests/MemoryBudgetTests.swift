/// The process-wide budget's bookkeeping: peaks, and when a drained burst is worth a heap trim.
import FaultlineServer
import Synchronization
import Testing

@Suite struct MemoryBudgetTests {
    @Test func aTrimIsHintedOnceAfterABigBurstHasDrained() {
        let budget = MemoryBudget(limit: 1 << 30)
        budget.adjust(by: 100 << 20)
        #expect(!budget.takeTrimHint())  // still held
        budget.adjust(by: -80 << 20)
        #expect(budget.takeTrimHint())  // 20 MiB of a 100 MiB peak: drained
        #expect(!budget.takeTrimHint())  // once per burst
        #expect(budget.highWater == 100 << 20)
    }

    @Test func smallBurstsAreNotWorthATrim() {
        let budget = MemoryBudget(limit: 1 << 30)
        budget.adjust(by: 10 << 20)
        budget.adjust(by: -10 << 20)
        #expect(!budget.takeTrimHint())
    }

    @Test func aWaiterIsWokenByWhicheverReleaseMakesRoom() {
        let budget = MemoryBudget(limit: 100)
        budget.adjust(by: 150)
        let woken = Mutex(0)
        budget.waitForRoom { woken.withLock { $0 += 1 } }
        budget.adjust(by: -20)
        #expect(woken.withLock { $0 } == 0)  // 130: still full
        budget.adjust(by: -40)
        #expect(woken.withLock { $0 } == 1)  // 90: room
        budget.adjust(by: -10)
        #expect(woken.withLock { $0 } == 1)  // once per registration
    }

    @Test func aWaiterRegisteredWhenThereIsRoomIsWokenAtOnce() {
        let budget = MemoryBudget(limit: 100)
        let woken = Mutex(0)
        budget.waitForRoom { woken.withLock { $0 += 1 } }
        #expect(woken.withLock { $0 } == 1)
    }
}
