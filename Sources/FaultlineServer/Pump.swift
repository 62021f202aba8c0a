/// One direction of a connection: what is queued for the destination and how far the stream has got.
import FaultlineCore
import FaultlinePosix

/// A class, not a struct: a connection reaches its pumps through `PerDirection`'s accessor on every read and
/// write, and for a value this size that accessor copied the pair and took a heap frame each time (perf: malloc,
/// free and memcpy under `settle`, `held` and `flush`).
final class Pump {
    /// Bytes (after toxics) waiting for the destination to become writable.
    var queue = ByteQueue()
    /// The fast path's kernel buffer (splice), borrowed from the loop's pool while bytes are in it. New bytes go to
    /// the pipe only while the queue is empty and there are no toxics; a toxic that joins leaves what the pipe holds
    /// there (it was read before the toxic existed), and `flush` empties the pipe before the queue, so order is kept.
    var pipe: Pipe?
    var inPipe = 0
    /// A read filled the whole scratch buffer: bulk data is flowing, so splice it until the source runs dry.
    /// Small exchanges stay on read/write, whose short reads tell "drained" exactly (splice's do not).
    var bulk = false
    /// The source sent EOF (read returned 0); nothing more will be read.
    var sourceEOF = false
    /// `.end` came out of the toxics: shut down the destination's write side once the queue drains.
    var endQueued = false
    /// `shutdown(SHUT_WR)` has been sent to the destination: this direction is finished.
    var shutdownSent = false
    /// Bytes last reported to the process-wide budget for this direction.
    var accounted = 0
    /// The most this direction ever held at once (tests assert the bound on it).
    var highWater = 0
    /// The toxics of this direction; nil on the fast path (no toxics), so idle connections carry none.
    var link: LinkDriver?
    /// Toxics rolled for this direction but not built yet: nothing has flowed since they were added, and a
    /// toxic that sees no data behaves exactly as if it were built later. Adding a toxic to 1,000 idle
    /// connections then costs a roll each, not a driver, closures and a timer each.
    var deferred: [(spec: ToxicSpec, roll: Link.Roll)] = []
    /// This direction's random stream: toxicity rolls and the toxics' own seeds are drawn from it.
    var rng = SplitMix64(seed: 0)

    /// Back to the state of a new pump, letting go of everything held (queue, pipe, toxics): the connection
    /// has closed.
    func reset() {
        queue = ByteQueue()
        pipe = nil
        inPipe = 0
        bulk = false
        sourceEOF = false
        endQueued = false
        shutdownSent = false
        accounted = 0
        highWater = 0
        link = nil
        deferred = []
        rng = SplitMix64(seed: 0)
    }
}
