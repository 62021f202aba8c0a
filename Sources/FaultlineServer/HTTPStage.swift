/// A connection's HTTP exchange engine and the bookkeeping for carrying out its actions on the two sockets.
import FaultlineCore
import FaultlineHTTPFaults
import FaultlinePosix

/// Exists only while the connection's proxy has `http_*` toxics (and the connection still parses): a connection
/// without one has `http == nil` and never parses. The engine sits at the head of both directions; what it lets
/// through enters the direction's byte-level toxics, then the socket (`Connection+HTTP.swift`).
final class HTTPStage {
    /// How a socket goes once everything emitted towards it has been written.
    enum Ending {
        /// FIN, then the client's last bytes are read and dropped for a while (`LingeringClose`), so a client still
        /// sending (a pipelined request, an aborted request's body) is not answered with an RST.
        case linger
        /// FIN without lingering (the upstream: nothing it still sends matters).
        case close
        /// RST (SO_LINGER 0, then close).
        case reset
    }

    let engine: HTTPExchange
    /// The engine's output, reused across calls.
    var actions: [HTTPExchangeAction] = []
    /// The one timer, armed at the engine's `nextWake`.
    var armed: (deadline: Instant, id: TimerID)?
    /// How the destination socket of each direction goes once the direction's end has reached it (nil: a plain
    /// half-close, as without the engine).
    var endings = PerDirection<Ending?>(repeating: nil)
    /// `.end` already entered the direction (from the engine, or on the way to an ending): never send a second.
    var endSent = PerDirection(repeating: false)
    /// The passthrough reason was logged (once per connection).
    var loggedPassthrough = false

    init(configuration: HTTPExchange.Configuration, midStream: Bool) {
        engine = HTTPExchange(configuration: configuration, midStream: midStream)
    }

    /// An ending is still on its way through a direction: the engine must stay to see it done.
    var endingPending: Bool { endings.upstream != nil || endings.downstream != nil }

    func cancelTimer(on loop: EpollLoop) {
        if let armed { loop.cancel(armed.id) }
        armed = nil
    }
}

/// One `http_*` toxic as a loop holds it: the stored spec (name, stream, seed) and the engine's compiled form.
struct HTTPFaultEntry {
    var toxic: ToxicSpec
    var fault: HTTPFaultSpec
}
