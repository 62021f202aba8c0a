/// How a reply is cut short on purpose (the `truncate` toxic), beyond the size rules that always apply.
public enum DNSTruncation: Hashable, Sendable {
    /// Header, question and OPT only, TC=1.
    case empty
    /// The whole RRs that fit in `size` bytes (and the client's limit), TC=1.
    case partial(size: Int)
}
