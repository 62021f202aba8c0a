/// The matching attributes as JSON: decoded with their checks, and written back in a fixed order.
import FaultlineCore

extension HTTPMatch {
    /// The matcher keys of a type, in the order they are written: `methods`, `path`, the header matcher, `host`.
    /// `http_abort` names its header matcher `match_headers`: its `headers` are the synthetic response's.
    static func attributeKeys(forType typeName: String) -> [String] {
        ["methods", "path", typeName == "http_abort" ? "match_headers" : "headers", "host"]
    }

    init(_ object: AttributeObject, headersKey: String) throws(FaultlineError) {
        let methods = try object.strings("methods")
        for (index, method) in methods.enumerated() where method.isEmpty || !method.utf8.allSatisfy(ASCII.isToken) {
            throw .invalidValue(field: "attributes.methods[\(index)]", reason: "\"\(method)\" is not a method token")
        }
        var path: PathGlob?
        let pattern = try object.string("path", default: "")
        if !pattern.isEmpty {
            do throws(PathGlob.Invalid) {
                path = try PathGlob(pattern)
            } catch {
                throw .invalidValue(field: "attributes.path", reason: error.reason)
            }
        }
        let headers = try object.headerFields(headersKey).map { field in
            HeaderCondition(name: field.name, value: field.value == "*" ? nil : field.value)
        }
        let host = try object.string("host", default: "")
        // An IPv6 literal keeps its brackets (`[::1]`), as the `Host` field writes it; any other colon is a port.
        let bracketed = host.hasPrefix("[") && host.hasSuffix("]")
        guard bracketed || !host.contains(":"),
            host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") })
        else { throw .invalidValue(field: "attributes.host", reason: "must be a host name without a port") }
        self.init(methods: methods, path: path, headers: headers, host: host.isEmpty ? nil : host)
    }

    /// The matchers as members; an unset matcher is written empty (`[]`, `""`, `{}`), meaning "any".
    func attributeMembers(headersKey: String) -> [JSONMember] {
        [
            JSONMember(key: "methods", value: .array(methods.map(JSONValue.string))),
            JSONMember(key: "path", value: .string(path?.pattern ?? "")),
            JSONMember(
                key: headersKey,
                value: .object(headers.map { JSONMember(key: $0.name, value: .string($0.value ?? "*")) })),
            JSONMember(key: "host", value: .string(host ?? "")),
        ]
    }
}
