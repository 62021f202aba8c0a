/// The `tls_handshake` toxic: hold the handshake at the ClientHello for `delay` ms, then let it go on or refuse
/// it with `alert`.
import FaultlineCore

public struct TLSHandshakeFault: Equatable, Sendable {
    /// The longest stall: an hour is far past any client's handshake timeout.
    public static let maximumDelay: Int64 = 3_600_000

    /// Milliseconds to hold the handshake (0: act at once).
    public var delay: Int64
    /// The alert that ends the handshake after the delay; nil lets it complete (a pure stall).
    public var alert: TLSAlert?

    public init(delay: Int64, alert: TLSAlert?) {
        self.delay = delay
        self.alert = alert
    }

    /// What a new server session does at the ClientHello: with a delay it suspends (the connection arms a
    /// timer, then calls `resumeHandshake()` or `abortHandshake(alert:)`); without one it aborts at once.
    public var clientHelloAction: TLSSession.ClientHelloAction {
        if delay == 0, let alert { return .abort(alert) }
        return .suspend
    }

    /// Reads the `delay` and `alert` attributes (`alert` empty for none). A 400 names the field:
    /// `invalid value for attributes.alert: unknown TLS alert "nope" (use handshake_failure, …)`.
    public static func validate(delay: Int64, alert: String) throws(FaultlineError) -> TLSHandshakeFault {
        guard (0...maximumDelay).contains(delay) else {
            throw .invalidValue(
                field: "attributes.delay", reason: "must be between 0 and \(maximumDelay) milliseconds")
        }
        if alert.isEmpty {
            guard delay > 0 else {
                throw .invalidValue(field: "attributes.delay", reason: "must be above 0 when no alert is given")
            }
            return TLSHandshakeFault(delay: delay, alert: nil)
        }
        guard let named = TLSAlert(name: alert.lowercased()), named.isFatal else {
            throw .invalidValue(
                field: "attributes.alert",
                reason: "unknown TLS alert \"\(alert)\" (use \(TLSAlert.fatalNames.joined(separator: ", ")))")
        }
        return TLSHandshakeFault(delay: delay, alert: named)
    }
}
