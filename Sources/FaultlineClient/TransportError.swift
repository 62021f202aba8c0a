/// A failed exchange with the admin API: which step, with which address, and why (errno text or a timeout).
public struct TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Looking the host up, connecting, or exchanging the request and response.
    public enum Step: Equatable, Sendable {
        case resolve
        case connect
        case exchange
    }

    public var step: Step
    /// The host for a lookup, else the `host:port` dialled.
    public var address: String
    /// `connection refused`, `no such host`, `timed out after 30s`, `connection closed before a response`.
    public var reason: String
    /// Nothing listens there: the connect was refused (or a Unix socket's file is gone). Unlike a timeout, this
    /// says the server is not running rather than slow.
    public var refused: Bool

    /// A failure at `step` with `address`, for `reason`.
    public init(step: Step, address: String, reason: String, refused: Bool = false) {
        self.step = step
        self.address = address
        self.reason = reason
        self.refused = refused
    }

    public var description: String {
        switch step {
        case .resolve: "lookup \(address): \(reason)"
        case .connect: "cannot connect to \(address): \(reason)"
        case .exchange: "no answer from \(address): \(reason)"
        }
    }
}
