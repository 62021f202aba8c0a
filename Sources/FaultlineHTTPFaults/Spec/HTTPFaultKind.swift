/// The closed set of HTTP fault types, each with its checked attributes.

/// One `http_*` toxic type and what it does; matching and toxicity live beside it in `HTTPFaultSpec`.
public enum HTTPFaultKind: Equatable, Sendable {
    case abort(HTTPAbortAttributes)
    case delay(HTTPDelayAttributes)
    case reset(HTTPResetAttributes)
    case truncate(HTTPTruncateAttributes)
    case header(HTTPHeaderAttributes)
    case status(HTTPStatusAttributes)
    /// `x-faultline-abort` / `x-faultline-delay` request headers act as an abort / a request delay.
    case headerFaults

    /// Every type name, in documentation order (Core's `ToxicKind.httpTypeNames`, which a test keeps equal).
    public static let typeNames = ["http_abort", "http_delay", "http_reset", "http_truncate", "http_header",
                                   "http_status", "http_header_faults"]

    /// The wire type name.
    public var typeName: String {
        switch self {
        case .abort: "http_abort"
        case .delay: "http_delay"
        case .reset: "http_reset"
        case .truncate: "http_truncate"
        case .header: "http_header"
        case .status: "http_status"
        case .headerFaults: "http_header_faults"
        }
    }

    /// At most one terminal fault acts on a request: the first hit in creation order. Terminal faults replace the
    /// exchange (abort) or end the connection before the response (reset before or after the request).
    var isTerminal: Bool {
        switch self {
        case .abort: true
        case .reset(let a): a.at != .midResponse
        default: false
        }
    }
}
