/// A tick's budget: mailboxes first, the rest of a busy tick left for the next one, no edge ever lost.
import FaultlineCore
import FaultlinePosix
import Glibc
import Testing

@Suite struct EpollLoopFairnessTests {
    /// A handler that takes `cost` of CPU per event and records the order it ran in.
    final class Busy: EventHandler {
        let name: Int
        let cost: Duration
        let log: Log

        init(name: Int, cost: Duration, log: Log) {
            self.name = name
            self.cost = cost
            self.log = log
        }

        func handle(_ events: Interest, registration: Registration) {
            let start = MonotonicClock.now()
            while MonotonicClock.now() - start < cost {}  // stands for a connection moving a lot of data
            log.entries.append(name)
        }
    }

    final class Log { var entries: [Int] = [] }

    /// Five edge-triggered descriptors, each ready once and costing 3 ms, under a 1 ms budget.
    @Test func aBusyTickLeavesTheRestForTheNextAndMessagesGoFirst() throws {
        let loop = try EpollLoop()
        loop.tickBudget = .milliseconds(1)
        let log = Log()
        var sources: [CInt] = []
        defer { sources.forEach { _ = close($0) } }
        for name in 0..<5 {
            let fd = try EventFD.create().release()
            _ = try loop.register(fd, [.readable, .edgeTriggered], Busy(name: name, cost: .milliseconds(3), log: log))
            EventFD.signal(fd)
            sources.append(fd)
        }
        let mailbox = try LoopHandle<Int>()
        _ = try mailbox.attach(to: loop) { messages in log.entries += messages.map { 100 + $0 } }
        mailbox.post(1)
        try loop.tick()
        // The message first, then one busy handler: the budget ran out, four wait (no edge is lost).
        #expect(log.entries == [101, 0])
        mailbox.post(2)
        try loop.tick()  // does not sleep: work is waiting
        #expect(log.entries == [101, 0, 102, 1])
        for _ in 0..<3 { try loop.tick() }
        #expect(log.entries == [101, 0, 102, 1, 2, 3, 4])
    }

    @Test func withoutABudgetEveryReadyHandlerRunsInOneTick() throws {
        let loop = try EpollLoop()
        let log = Log()
        var sources: [CInt] = []
        defer { sources.forEach { _ = close($0) } }
        for name in 0..<3 {
            let fd = try EventFD.create().release()
            _ = try loop.register(fd, [.readable, .edgeTriggered], Busy(name: name, cost: .zero, log: log))
            EventFD.signal(fd)
            sources.append(fd)
        }
        try loop.tick()
        #expect(log.entries.sorted() == [0, 1, 2])
    }
}
