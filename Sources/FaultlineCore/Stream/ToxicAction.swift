/// What a toxic may ask for: pass something on, or end the whole connection gracefully or abruptly.
public enum ToxicAction: Equatable, Sendable {
    /// Hand an event to the next toxic (or to the socket, after the last one).
    case emit(StreamEvent)
    /// Close the whole connection with FIN on both sides; bytes still held are discarded.
    case close
    /// Close the whole connection with RST on both sides (SO_LINGER 0).
    case reset
}
