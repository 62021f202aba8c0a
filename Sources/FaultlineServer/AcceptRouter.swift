/// Accept-and-hand-off: the first loop accepts and deals connections to every loop in turn (itself included).
import FaultlinePosix

final class AcceptRouter {
    private let workers: [LoopWorker]
    private var turn = 0

    init(workers: [LoopWorker]) { self.workers = workers }

    /// The worker for the next connection, or nil when it is the first loop's turn.
    func next() -> LoopWorker? {
        defer { turn = (turn + 1) % (workers.count + 1) }
        return turn == 0 ? nil : workers[turn - 1]
    }
}
