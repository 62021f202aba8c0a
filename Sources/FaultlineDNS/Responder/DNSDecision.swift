/// What the DNS listener must do with one received message.
import FaultlineCore

/// The outcome of `DNSResponder.decide`: answer at a time, forward at a time, or stay silent.
public enum DNSDecision: Hashable, Sendable {
    /// Send these bytes to the client at `at` (already fitted to its transport; TCP adds the length prefix).
    case answer([UInt8], at: Instant)
    /// Send the query upstream at `at` (latency already included) and treat the reply with the plan.
    case forward(DNSForwardPlan, at: Instant)
    /// Send nothing.
    case drop(DNSDropReason)
}

/// Why nothing is sent: the listener counts and logs these differently.
public enum DNSDropReason: Hashable, Sendable {
    /// Not a query: shorter than a header, or a response (QR=1).
    case notAQuery
    /// A toxic (`drop`, or `truncate` with `tcp: drop`) decided so.
    case injected(toxic: String)
}
