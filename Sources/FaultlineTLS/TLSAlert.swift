/// A TLS alert (RFC 8446 §6, RFC 5246 §7.2) by its code, with the snake_case names the API and the RFCs use.
public struct TLSAlert: Hashable, Sendable, CustomStringConvertible {
    /// The AlertDescription byte on the wire.
    public let code: UInt8

    public init(code: UInt8) { self.code = code }

    /// The alert called `name` (`handshake_failure`, `protocol_version`, …), or nil for a name no RFC defines.
    public init?(name: String) {
        guard let entry = Self.table.first(where: { $0.name == name }) else { return nil }
        self.code = entry.code
    }

    /// The RFC name, or `alert_<code>` for a code outside the table (a peer may send anything).
    public var name: String { Self.table.first { $0.code == code }?.name ?? "alert_\(code)" }
    public var description: String { name }

    /// Whether `abortHandshake(alert:)` may send it: a fatal alert (not close_notify or user_canceled).
    public var isFatal: Bool { code != 0 && code != 90 }

    public static let closeNotify = TLSAlert(code: 0)
    public static let unexpectedMessage = TLSAlert(code: 10)
    public static let badRecordMAC = TLSAlert(code: 20)
    public static let handshakeFailure = TLSAlert(code: 40)
    public static let badCertificate = TLSAlert(code: 42)
    public static let certificateExpired = TLSAlert(code: 45)
    public static let certificateUnknown = TLSAlert(code: 46)
    public static let unknownCA = TLSAlert(code: 48)
    public static let accessDenied = TLSAlert(code: 49)
    public static let decodeError = TLSAlert(code: 50)
    public static let protocolVersion = TLSAlert(code: 70)
    public static let internalError = TLSAlert(code: 80)
    public static let unrecognizedName = TLSAlert(code: 112)
    public static let certificateRequired = TLSAlert(code: 116)
    public static let noApplicationProtocol = TLSAlert(code: 120)

    /// Every alert TLS 1.2 and 1.3 define that is still in use, in code order.
    static let table: [(name: String, code: UInt8)] = [
        ("close_notify", 0), ("unexpected_message", 10), ("bad_record_mac", 20), ("record_overflow", 22),
        ("handshake_failure", 40), ("bad_certificate", 42), ("unsupported_certificate", 43),
        ("certificate_revoked", 44), ("certificate_expired", 45), ("certificate_unknown", 46),
        ("illegal_parameter", 47), ("unknown_ca", 48), ("access_denied", 49), ("decode_error", 50),
        ("decrypt_error", 51), ("protocol_version", 70), ("insufficient_security", 71), ("internal_error", 80),
        ("inappropriate_fallback", 86), ("user_canceled", 90), ("missing_extension", 109),
        ("unsupported_extension", 110), ("unrecognized_name", 112), ("bad_certificate_status_response", 113),
        ("unknown_psk_identity", 115), ("certificate_required", 116), ("no_application_protocol", 120),
    ]

    /// The names `abortHandshake` accepts, for error messages and documentation.
    public static var fatalNames: [String] { table.filter { TLSAlert(code: $0.code).isFatal }.map(\.name) }
}
