/// Every domain failure the API, the config loader and the CLI can report, with Toxiproxy's wording.
///
/// The text lives here (one place); the HTTP status lives in `AdminAPI+Errors.swift` (one exhaustive switch).
public enum FaultlineError: Error, Equatable, Sendable {
    /// The request body could not be decoded; the detail names the field and what was expected.
    case badRequestBody(String)
    /// A required field is missing or empty (`"name"`, `"upstream"`).
    case missingField(String)
    /// A /populate or config entry (1-based, as Toxiproxy counts) lacks a required field.
    case missingFieldAtProxy(field: String, index: Int)
    case invalidStream
    case invalidToxicType
    case proxyNotFound
    case toxicNotFound
    case proxyAlreadyExists
    case toxicAlreadyExists
    /// Binding failed: `listen tcp 127.0.0.1:3310: bind: address already in use`; with an empty address
    /// (the listen text did not parse) `listen tcp: address badaddr: missing port in address`. A UDP proxy's says
    /// `listen udp …`, as Go's `net.ListenPacket` does.
    case listenFailed(address: String, reason: String, network: String = "tcp")
    /// A listen address that cannot be parsed or resolved: `address nope: missing port in address`.
    case invalidAddress(address: String, reason: String)
    /// A value outside what Faultline accepts (its own additions only; Toxiproxy fields are never refused).
    case invalidValue(field: String, reason: String)
    /// Something that should not happen; the text is for the operator.
    case internalError(String)

    /// The `error` text of the JSON body, exactly as Toxiproxy words it.
    public var message: String {
        switch self {
        case .badRequestBody(let detail): "bad request body: \(detail)"
        case .missingField(let field): "missing required field: \(field)"
        case .missingFieldAtProxy(let field, let index): "missing required field: \(field) at proxy \(index)"
        case .invalidStream: "stream was invalid, can be either upstream or downstream"
        case .invalidToxicType: "invalid toxic type"
        case .proxyNotFound: "proxy not found"
        case .toxicNotFound: "toxic not found"
        case .proxyAlreadyExists: "proxy already exists"
        case .toxicAlreadyExists: "toxic already exists"
        // Go leaves the address out when it never parsed: `listen tcp: address nope: missing port in address`.
        case .listenFailed(let address, let reason, let network):
            address.isEmpty ? "listen \(network): \(reason)" : "listen \(network) \(address): \(reason)"
        case .invalidAddress(let address, let reason): "address \(address): \(reason)"
        case .invalidValue(let field, let reason): "invalid value for \(field): \(reason)"
        case .internalError(let text): text
        }
    }
}

extension FaultlineError: CustomStringConvertible {
    public var description: String { message }
}
