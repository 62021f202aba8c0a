/// Decoding `probes.<name>`: the kind object, timing fields, tcp addresses, http URLs and status entries.
import FaultlineCore

extension ProbeSpec {
    static let timingKeys = ["every", "timeout", "maxLatency"]
    static let kindKeys = ["tcp", "http", "command"]

    /// Decodes one probe; nil when any part of it is wrong (the issues say which).
    static func decode(name: String, _ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> ProbeSpec? {
        let before = issues.issues.count
        if !isValidName(name) { issues.add(path, "probe names match [a-z0-9-]+") }
        guard let object = ObjectReader(value, at: path, allowed: kindKeys + timingKeys, issues: &issues) else {
            return nil
        }
        let every = object.duration("every", issues: &issues) ?? .seconds(1)
        let timeout = object.duration("timeout", issues: &issues) ?? .seconds(2)
        let maxLatency = object.duration("maxLatency", issues: &issues)
        if every < .milliseconds(1) { issues.add(path.key("every"), "must be at least 1ms") }
        if let maxLatency, maxLatency >= timeout {
            issues.add(
                path.key("maxLatency"),
                "\(ExperimentDuration.format(maxLatency)) is not below \(path.key("timeout")) "
                    + "(\(ExperimentDuration.format(timeout))): a sample that slow has already timed out"
            )
        }
        let given = kindKeys.filter { object.has($0) }
        var kind: ProbeKind?
        if given.count != 1 {
            issues.add(path, "give exactly one of \"tcp\", \"http\" or \"command\" (found \(given.count))")
        } else if let key = given.first, let body = object[key] {
            let kindPath = path.key(key)
            switch key {
            case "tcp": kind = decodeTCP(body, at: kindPath, issues: &issues).map(ProbeKind.tcp)
            case "http": kind = decodeHTTP(body, at: kindPath, issues: &issues).map(ProbeKind.http)
            default: kind = decodeCommand(body, at: kindPath, issues: &issues).map(ProbeKind.command)
            }
        }
        guard let kind, issues.issues.count == before else { return nil }
        return ProbeSpec(name: name, kind: kind, every: every, timeout: timeout, maxLatency: maxLatency)
    }

    /// Names become report keys and parts of URLs and toxic names, so they stay plain: `[a-z0-9-]+`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
    }

    private static func decodeTCP(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> TCPProbe? {
        guard let object = ObjectReader(value, at: path, allowed: ["address"], issues: &issues),
            let address = object.string("address", required: true, issues: &issues)
        else { return nil }
        guard let (host, port) = splitHostPort(Substring(address)) else {
            issues.add(path.key("address"), "\"\(address)\" is not host:port")
            return nil
        }
        return TCPProbe(address: address, host: host, port: port)
    }

    private static func decodeHTTP(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> HTTPProbe? {
        let keys = ["url", "method", "headers", "status", "bodyContains"]
        guard let object = ObjectReader(value, at: path, allowed: keys, issues: &issues) else { return nil }
        let before = issues.issues.count
        let url = object.string("url", required: true, issues: &issues)
        let method = object.string("method", issues: &issues) ?? "GET"
        let bodyContains = object.string("bodyContains", issues: &issues)
        if method.isEmpty || !method.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            issues.add(path.key("method"), "\"\(method)\" is not an HTTP method (GET, POST, …)")
        }
        var headers: [HTTPProbeHeader] = []
        if let value = object["headers"],
            let map = ObjectReader(value, at: path.key("headers"), allowed: nil, issues: &issues)
        {
            for name in map.keys {
                if let text = map.string(name, issues: &issues) {
                    headers.append(HTTPProbeHeader(name: name, value: text))
                }
            }
        }
        var status = [StatusRange(200, 299)]
        if let value = object["status"] { status = decodeStatus(value, at: path.key("status"), issues: &issues) }
        var parsed: (host: String, port: UInt16, target: String)?
        if let url {
            parsed = parseURL(url)
            if parsed == nil {
                let message =
                    url.lowercased().hasPrefix("https://")
                    ? "https is not supported in v1; probe the service over plain http://"
                    : "\"\(url)\" is not an http:// URL with a host"
                issues.add(path.key("url"), message)
            }
        }
        guard let url, let parsed, issues.issues.count == before else { return nil }
        return HTTPProbe(
            url: url, host: parsed.host, port: parsed.port, target: parsed.target, method: method, headers: headers,
            status: status, bodyContains: bodyContains
        )
    }

    private static func decodeCommand(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> CommandProbe? {
        guard
            let object = ObjectReader(
                value, at: path, allowed: ["argv", "expectExit", "stdoutContains"], issues: &issues)
        else { return nil }
        let before = issues.issues.count
        var argv: [String] = []
        if let value = object["argv"] {
            if case .array(let items) = value, !items.isEmpty {
                for (index, item) in items.enumerated() {
                    guard case .string(let text) = item else {
                        issues.add(path.key("argv").index(index), "expected a string")
                        continue
                    }
                    argv.append(text)
                }
                if argv.first?.isEmpty == true {
                    issues.add(path.key("argv").index(0), "the program must not be empty")
                }
            } else {
                issues.add(path.key("argv"), "expected a non-empty array of strings")
            }
        } else {
            issues.add(path.key("argv"), "required")
        }
        let expectExit = object.integer("expectExit", in: 0...255, issues: &issues) ?? 0
        let stdoutContains = object.string("stdoutContains", issues: &issues)
        guard issues.issues.count == before else { return nil }
        return CommandProbe(argv: argv, expectExit: Int32(expectExit), stdoutContains: stdoutContains)
    }

    /// `[204, "2xx", "200-399"]`, at least one entry.
    private static func decodeStatus(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> [StatusRange] {
        guard case .array(let items) = value, !items.isEmpty else {
            issues.add(path, "expected a non-empty array of codes, classes (\"2xx\") or ranges (\"200-399\")")
            return []
        }
        var ranges: [StatusRange] = []
        for (index, item) in items.enumerated() {
            if let range = statusRange(item) {
                ranges.append(range)
            } else {
                issues.add(
                    path.index(index), "\(ObjectReader.describe(item)) is not a status code 100…599, class or range")
            }
        }
        return ranges
    }

    static func statusRange(_ value: JSONValue) -> StatusRange? {
        func code(_ text: Substring) -> Int? {
            guard text.utf8.count == 3, let number = Int(text), (100...599).contains(number) else { return nil }
            return number
        }
        switch value {
        case .number(let text): return code(Substring(text)).map { StatusRange($0, $0) }
        case .string(let text):
            let lower = text.lowercased()
            if lower.count == 3, lower.hasSuffix("xx"), let first = lower.first, let digit = first.wholeNumberValue,
                (1...5).contains(digit), first.isASCII
            {
                return StatusRange(digit * 100, digit * 100 + 99)
            }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, let low = code(parts[0]), let high = code(parts[1]), low <= high {
                return StatusRange(low, high)
            }
            return code(Substring(text)).map { StatusRange($0, $0) }
        default: return nil
        }
    }

    /// `http://host[:port][/target]`; nil for other schemes, userinfo or a missing host.
    static func parseURL(_ url: String) -> (host: String, port: UInt16, target: String)? {
        let scheme = "http://"
        guard url.lowercased().hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        if authority.contains(":") && !(authority.hasPrefix("[") && authority.hasSuffix("]")) {
            guard let (host, port) = splitHostPort(authority) else { return nil }
            return (host, port, target)
        }
        var host = String(authority)
        if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, 80, target)
    }

    /// `host:port` or `[v6]:port` with a port 1…65535.
    static func splitHostPort(_ text: Substring) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = text[..<colon]
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let port = UInt16(portText),
            port > 0
        else { return nil }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { return nil }
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        return (String(host), port)
    }
}
