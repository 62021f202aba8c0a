/// Pipes for the splice fast path, lent per transfer and returned once drained, so idle connections hold none.
import FaultlinePosix

final class PipePool {
    /// Pipes in use across the loop; beyond it transfers fall back to read/write (each pipe costs 2 descriptors).
    let limit: Int
    let pipeSize: Int
    private var idle: [Pipe] = []
    private(set) var lent = 0
    /// Set when the kernel refuses splice (EINVAL) or pipes cannot be made: use read/write from then on.
    var unavailable = false

    init(limit: Int = 1024, pipeSize: Int = 256 << 10, enabled: Bool = true) {
        self.limit = limit
        self.pipeSize = pipeSize
        unavailable = !enabled
    }

    func take() -> Pipe? {
        guard !unavailable, lent < limit else { return nil }
        if let pipe = idle.popLast() {
            lent += 1
            return pipe
        }
        do {
            let pipe = try Pipe(size: pipeSize)
            lent += 1
            return pipe
        } catch {
            return nil  // out of descriptors or memory: this transfer uses read/write
        }
    }

    /// Forgets a pipe that still holds bytes (its connection closed): it is closed, not reused.
    func discard(_ pipe: Pipe) {
        lent -= 1
    }

    /// Takes back a drained pipe; keeps a few for reuse and closes the rest.
    func give(_ pipe: Pipe) {
        lent -= 1
        if idle.count < 64 { idle.append(pipe) }
    }
}
