/// `admin`: one admin API, a list of them, or `dns://name:port` whose A/AAAA records are the instances (a fleet).
import FaultlineCore

/// One entry of `admin`: `http://host:port`, `unix:///path/to.sock`, or `dns://name[:port]` (port 8474 by default),
/// which the runner resolves into one instance per address before t0.
public struct AdminEntry: Equatable, Sendable {
    public var url: String
    /// An instance that does not answer before t0 is skipped (and reported) instead of failing the run; one lost
    /// mid-run is reported without halting the run.
    public var optional: Bool

    public init(url: String, optional: Bool = false) {
        self.url = url
        self.optional = optional
    }

    /// The DNS name and admin port of a `dns://` entry; nil for the other kinds.
    public var dnsTarget: (name: String, port: UInt16)? {
        guard url.hasPrefix(Self.dnsScheme) else { return nil }
        let rest = url.dropFirst(Self.dnsScheme.count)
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty else { return nil }
        if authority.contains(":") {
            guard let (host, port) = ProbeSpec.splitHostPort(authority) else { return nil }
            return (host, port)
        }
        return (String(authority), Self.defaultPort)
    }

    public static let dnsScheme = "dns://"
    /// Toxiproxy's port, the one a headless Service's records are used with when the URL names none.
    public static let defaultPort: UInt16 = 8474

    /// Why `url` cannot name an admin API, or nil when it can.
    static func problem(_ url: String) -> String? {
        if url.hasPrefix("unix://") {
            return url.count > "unix://".count ? nil : "\"\(url)\" names no socket path"
        }
        if url.hasPrefix(dnsScheme) {
            return AdminEntry(url: url).dnsTarget == nil ? "\"\(url)\" is not dns://name[:port]" : nil
        }
        if ProbeSpec.parseURL(url) != nil { return nil }
        return "\"\(url)\" is not an http://, unix:// or dns:// URL (the admin API is plain HTTP)"
    }

    /// `"http://…"`, `{"url": "…", "optional": true}`, or a non-empty array of either.
    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> [AdminEntry]? {
        switch value {
        case .array(let items):
            guard !items.isEmpty else {
                issues.add(path, "at least one admin URL is required")
                return nil
            }
            let before = issues.issues.count
            var entries: [AdminEntry] = []
            for (index, item) in items.enumerated() {
                if let entry = decodeOne(item, at: path.index(index), issues: &issues) {
                    if entries.contains(where: { $0.url == entry.url }) {
                        issues.add(path.index(index), "\"\(entry.url)\" is listed twice")
                    }
                    entries.append(entry)
                }
            }
            return issues.issues.count == before ? entries : nil
        default:
            return decodeOne(value, at: path, issues: &issues).map { [$0] }
        }
    }

    private static func decodeOne(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> AdminEntry? {
        var entry: AdminEntry
        switch value {
        case .string(let url):
            entry = AdminEntry(url: url)
        case .object:
            guard let object = ObjectReader(value, at: path, allowed: ["url", "optional"], issues: &issues),
                let url = object.string("url", required: true, issues: &issues)
            else { return nil }
            entry = AdminEntry(url: url, optional: object.bool("optional", issues: &issues) ?? false)
        default:
            issues.add(path, "expected an admin URL, {\"url\", \"optional\"} or an array of them, got \(ObjectReader.describe(value))")
            return nil
        }
        if let problem = problem(entry.url) {
            issues.add(value.isObject ? path.key("url") : path, problem)
            return nil
        }
        return entry
    }
}

/// `instances` of a fault: how many of the fleet's instances it touches, picked with the run's seed.
public enum InstanceSelection: Equatable, Sendable {
    case count(Int)
    /// Rounded up, at least one instance.
    case percent(Double)

    /// How many of `available` instances are picked.
    public func count(of available: Int) -> Int {
        switch self {
        case .count(let count): min(count, available)
        case .percent(let percent): min(available, max(1, Int((Double(available) * percent / 100).rounded(.up))))
        }
    }

    static func decode(_ value: JSONValue, at path: JSONPath, issues: inout IssueList) -> InstanceSelection? {
        guard let object = ObjectReader(value, at: path, allowed: ["count", "percent"], issues: &issues) else {
            return nil
        }
        switch (object["count"], object["percent"]) {
        case (_?, nil):
            return object.integer("count", in: 1...Int64(Int32.max), issues: &issues).map { .count(Int($0)) }
        case (nil, .number(let text)?):
            guard let percent = Double(text), percent > 0, percent <= 100 else {
                issues.add(path.key("percent"), "must be a number above 0 and at most 100")
                return nil
            }
            return .percent(percent)
        case (nil, let other?):
            issues.add(path.key("percent"), "expected a number, got \(ObjectReader.describe(other))")
        default:
            issues.add(path, "give exactly one of \"count\" or \"percent\"")
        }
        return nil
    }
}

extension JSONValue {
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
