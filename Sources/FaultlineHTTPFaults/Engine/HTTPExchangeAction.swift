/// What the exchange engine asks of the connection: bytes to emit into a direction, ends, closes and resets.
import FaultlineCore

/// One step for the server to carry out, in order. A `Direction` is the way the bytes flow: `.upstream` is
/// towards the upstream server (client bytes), `.downstream` towards the client. Emitted bytes then pass through
/// that direction's byte-level toxics (if any) and on to its socket.
///
/// Actions concerning one peer come out in the order that peer must see them: a `.resetClient` after `.emit`s
/// into `.downstream` means "after those bytes". Actions for different peers are not ordered against each other.
public enum HTTPExchangeAction: Equatable, Sendable {
    /// Bytes `range` of the buffer passed to the `receive` call that produced this action, to emit into the
    /// direction unchanged (the zero-copy case). Valid only until that call returns.
    case forward(Direction, Range<Int>)
    /// Bytes the engine made (a synthetic response, a rewritten head) or held (a delayed request), to emit into
    /// the direction. The slice shares the engine's storage; nothing was copied to produce it.
    case emit(Direction, ArraySlice<UInt8>)
    /// The end of the direction's stream: half-close its destination (`shutdown(SHUT_WR)`) once everything emitted
    /// before it is written. It may come before the direction's source ended: the server keeps reading that source
    /// and feeding the engine, which discards what follows.
    case end(Direction)
    /// Close the client connection gracefully (FIN) once everything emitted to it is written; read nothing more
    /// from it (a lingering close that drains the client's last bytes avoids an RST).
    case closeClient
    /// Reset the client connection (SO_LINGER 0, then close) once everything emitted to it is written.
    case resetClient
    /// Close the upstream connection gracefully (FIN) once everything emitted to it is written.
    case closeUpstream
    /// Reset the upstream connection (SO_LINGER 0, then close).
    case resetUpstream
}
