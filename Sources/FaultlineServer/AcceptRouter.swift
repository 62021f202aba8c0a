/// Accept-and-hand-off: the first data loop accepts and deals connections to every data loop in turn (itself too).
import FaultlinePosix

final class AcceptRouter {
    /// Every data loop's mailbox, the accepting loop's own first.
    private let loops: [LoopHandle<LoopMessage>]
    private var turn = 0

    init(loops: [LoopHandle<LoopMessage>]) { self.loops = loops }

    /// The mailbox of the loop that takes the next connection, or nil when it is the accepting loop's turn.
    func next() -> LoopHandle<LoopMessage>? {
        defer { turn = (turn + 1) % loops.count }
        return turn == 0 ? nil : loops[turn]
    }
}
