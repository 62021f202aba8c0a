/// The attributes of the `tls_*` toxics, read strictly and written with every key in a fixed order.
///
/// Core checks shapes only (a string, an integer); what the values may be (certificate modes, alert names) is
/// FaultlineTLS's to say, and the server asks it before anything is stored.
public enum TLSFaultAttributes: Equatable, Sendable {
    /// `tls_certificate`: `{"mode":"expired"}`.
    case certificate(mode: String)
    /// `tls_handshake`: `{"delay":500,"alert":"handshake_failure","reset":false}`; `alert` empty for none.
    case handshake(delay: Int64, alert: String, reset: Bool)

    /// Each type's keys, in the order they are stored.
    public static let attributeKeys: [String: [String]] = [
        "tls_certificate": ["mode"], "tls_handshake": ["delay", "alert", "reset"],
    ]

    /// Reads a `tls_*` toxic's attributes (missing keys take their defaults; an unknown key is a 400 naming it).
    public init(type: String, attributes: JSONValue) throws(FaultlineError) {
        switch type {
        case "tls_certificate":
            let reader = try AttributeReader(attributes, fields: Self.attributeKeys[type] ?? [], strict: true)
            guard let mode = try reader.string("mode", nonEmpty: true) else {
                throw .invalidValue(field: "attributes.mode", reason: "required")
            }
            self = .certificate(mode: mode)
        case "tls_handshake":
            let reader = try AttributeReader(attributes, fields: Self.attributeKeys[type] ?? [], strict: true)
            self = .handshake(
                delay: try reader.integer("delay") ?? 0, alert: try reader.string("alert") ?? "",
                reset: try reader.bool("reset") ?? false)
        default:
            throw .invalidToxicType
        }
    }

    /// The attributes as stored and shown.
    public var json: JSONValue {
        switch self {
        case .certificate(let mode):
            .object([JSONMember(key: "mode", value: .string(mode))])
        case .handshake(let delay, let alert, let reset):
            .object([
                JSONMember(key: "delay", value: .integer(delay)), JSONMember(key: "alert", value: .string(alert)),
                JSONMember(key: "reset", value: .bool(reset)),
            ])
        }
    }
}
