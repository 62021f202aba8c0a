/// An HTTP fault type's own attributes as JSON: decoded with range checks, and written back in a fixed order.
import FaultlineCore
import FaultlineHTTP

extension HTTPFaultKind {
    /// The longest `delay` or `jitter`: an hour, as for the other toxics' durations.
    public static let maximumMilliseconds: Int64 = 3_600_000
    /// The largest `bytes`: 1 TiB is past any body worth cutting.
    public static let maximumBytes: Int64 = 1 << 40
    /// Fields the engine frames messages by: a fault may neither set nor remove them.
    static let framingFields = ["content-length", "transfer-encoding", "connection"]

    /// Each type's own attribute keys, in the order they are written (the matchers follow them).
    public static let attributeKeys: [String: [String]] = [
        "http_abort": ["status", "body", "headers", "close"],
        "http_delay": ["delay", "jitter", "phase"],
        "http_reset": ["at", "bytes"],
        "http_truncate": ["bytes", "lie"],
        "http_header": ["phase", "set", "remove"],
        "http_status": ["status"],
        "http_header_faults": [],
    ]

    /// The key of the request-header matcher: `headers`, except on `http_abort`, whose `headers` are the response's.
    var matchHeadersKey: String { HTTPMatch.attributeKeys(forType: typeName)[2] }

    init(typeName: String, _ object: AttributeObject) throws(FaultlineError) {
        switch typeName {
        case "http_abort":
            var a = HTTPAbortAttributes()
            a.status = Int(try object.integer("status", default: 503, in: 100...599))
            a.body = try object.string("body", default: "")
            a.headers = try object.headerFields("headers")
            try Self.refuseFraming(a.headers.map(\.name), field: "headers", verb: "set")
            a.close = try object.bool("close", default: false)
            self = .abort(a)
        case "http_delay":
            var a = HTTPDelayAttributes()
            a.delay = try object.integer("delay", default: 0, in: 0...Self.maximumMilliseconds, unit: " milliseconds")
            a.jitter = try object.integer("jitter", default: 0, in: 0...Self.maximumMilliseconds, unit: " milliseconds")
            a.phase = try Self.phase(object)
            self = .delay(a)
        case "http_reset":
            var a = HTTPResetAttributes()
            let at = try object.string("at", default: a.at.rawValue)
            guard let point = HTTPResetPoint(rawValue: at) else {
                let reason = "must be before_request, after_request or mid_response"
                throw .invalidValue(field: "attributes.at", reason: reason)
            }
            a.at = point
            a.bytes = try object.integer("bytes", default: 0, in: 0...Self.maximumBytes, unit: " bytes")
            self = .reset(a)
        case "http_truncate":
            var a = HTTPTruncateAttributes()
            a.bytes = try object.integer("bytes", default: 0, in: 0...Self.maximumBytes, unit: " bytes")
            a.lie = try object.bool("lie", default: true)
            self = .truncate(a)
        case "http_header":
            var a = HTTPHeaderAttributes()
            a.phase = try Self.phase(object)
            a.set = try object.headerFields("set")
            try Self.refuseFraming(a.set.map(\.name), field: "set", verb: "set")
            a.remove = try object.strings("remove")
            for (index, name) in a.remove.enumerated() {
                try AttributeObject.checkName(name, field: "attributes.remove[\(index)]")
            }
            try Self.refuseFraming(a.remove, field: "remove", verb: "removed")
            self = .header(a)
        case "http_status":
            var a = HTTPStatusAttributes()
            a.status = Int(try object.integer("status", default: 503, in: 100...599))
            self = .status(a)
        default:
            self = .headerFaults
        }
    }

    private static func phase(_ object: AttributeObject) throws(FaultlineError) -> HTTPPhase {
        guard let phase = HTTPPhase(rawValue: try object.string("phase", default: "request")) else {
            throw .invalidValue(field: "attributes.phase", reason: "must be request or response")
        }
        return phase
    }

    /// `Content-Length`, `Transfer-Encoding` and `Connection` frame the message: changing them would break it.
    private static func refuseFraming(_ names: [String], field: String, verb: String) throws(FaultlineError) {
        for (index, name) in names.enumerated() where framingFields.contains(name.lowercased()) {
            let path = field == "remove" ? "attributes.remove[\(index)]" : "attributes.\(field).\(name)"
            throw .invalidValue(field: path, reason: "cannot be \(verb): it frames the message")
        }
    }

    /// The own attributes as members, in `attributeKeys` order.
    var attributeMembers: [JSONMember] {
        func member(_ key: String, _ value: JSONValue) -> JSONMember { JSONMember(key: key, value: value) }
        func number(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }
        switch self {
        case .abort(let a):
            return [
                member("status", number(a.status)), member("body", .string(a.body)),
                member("headers", .headerObject(a.headers)), member("close", .bool(a.close)),
            ]
        case .delay(let a):
            return [
                member("delay", number(a.delay)), member("jitter", number(a.jitter)),
                member("phase", .string(a.phase.rawValue)),
            ]
        case .reset(let a): return [member("at", .string(a.at.rawValue)), member("bytes", number(a.bytes))]
        case .truncate(let a): return [member("bytes", number(a.bytes)), member("lie", .bool(a.lie))]
        case .header(let a):
            return [
                member("phase", .string(a.phase.rawValue)), member("set", .headerObject(a.set)),
                member("remove", .array(a.remove.map(JSONValue.string))),
            ]
        case .status(let a): return [member("status", number(a.status))]
        case .headerFaults: return []
        }
    }
}

extension JSONValue {
    /// Header fields as a JSON object, in order.
    static func headerObject(_ fields: [HTTPHeaders.Field]) -> JSONValue {
        .object(fields.map { JSONMember(key: $0.name, value: .string($0.value)) })
    }
}
