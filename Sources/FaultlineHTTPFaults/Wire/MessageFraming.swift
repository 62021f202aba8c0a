/// How a message body is delimited (RFC 9112 §6.3), as read from a head.

/// The body that follows a head.
enum MessageFraming: Equatable {
    case none
    case length(UInt64)
    case chunked
    /// A response read until the upstream closes; the connection then carries no further exchange.
    case untilClose
}
