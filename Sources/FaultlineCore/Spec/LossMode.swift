/// What `loss` does with a lost segment; spelled exactly `stall` or `drop` on the wire.
public enum LossMode: String, CaseIterable, Sendable {
    /// Hold it (and everything behind it) until a retransmission gets through: bytes stay exact.
    case stall
    /// Discard it: the stream loses those bytes, which real TCP never does (opt-in, for parser tests).
    case drop
}
