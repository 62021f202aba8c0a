/// The crash-safety record of a run: what it may have changed, so `faultline experiment cleanup` can undo it.
import FaultlineCore

/// Written before every change; lists every toxic the run may have added and every proxy it may have disabled.
public struct StateFile: Equatable, Sendable {
    public static let formatVersion = "faultline.state/v1"

    /// One toxic on one proxy.
    public struct Toxic: Equatable, Sendable {
        public var proxy: String
        public var name: String
        /// The instance's admin URL in a fleet run; nil means the file's `admin`.
        public var admin: String?

        public init(proxy: String, name: String, admin: String? = nil) {
            self.proxy = proxy
            self.name = name
            self.admin = admin
        }
    }

    /// A proxy the run disabled; written as its name alone, or `{"proxy","admin"}` in a fleet run.
    public struct DisabledProxy: Equatable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var proxy: String
        /// The instance's admin URL in a fleet run; nil means the file's `admin`.
        public var admin: String?

        public init(proxy: String, admin: String? = nil) {
            self.proxy = proxy
            self.admin = admin
        }

        public init(stringLiteral proxy: String) { self.init(proxy: proxy) }

        /// `web`, or `web at http://10.0.0.7:8474`.
        public var description: String { admin.map { "\(proxy) at \($0)" } ?? proxy }
    }

    public var runID: String
    /// The admin URL the run used; `cleanup` defaults to it (a fleet's entries each name their own).
    public var admin: String
    public var toxics: [Toxic]
    public var disabledProxies: [DisabledProxy]

    public init(runID: String, admin: String, toxics: [Toxic] = [], disabledProxies: [DisabledProxy] = []) {
        self.runID = runID
        self.admin = admin
        self.toxics = toxics
        self.disabledProxies = disabledProxies
    }

    /// A fleet run's file: its entries name their instances.
    public var isFleet: Bool { toxics.contains { $0.admin != nil } || disabledProxies.contains { $0.admin != nil } }

    /// Nothing left to undo: the runner may delete the file.
    public var isEmpty: Bool { toxics.isEmpty && disabledProxies.isEmpty }

    /// Every toxic name a run's toxics start with; `cleanup` also removes any toxic with this prefix it finds.
    public static let toxicPrefix = "flx-"

    /// `{"version":…,"runId":…,"admin":…,"toxics":[{"proxy":…,"name":…}],"disabledProxies":[…]}`.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"version\":")
        writer.string(Self.formatVersion)
        writer.raw(",\"runId\":")
        writer.string(runID)
        writer.raw(",\"admin\":")
        writer.string(admin)
        writer.raw(",\"toxics\":[")
        for (index, toxic) in toxics.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"proxy\":")
            writer.string(toxic.proxy)
            writer.raw(",\"name\":")
            writer.string(toxic.name)
            if let admin = toxic.admin {
                writer.raw(",\"admin\":")
                writer.string(admin)
            }
            writer.raw("}")
        }
        writer.raw("],\"disabledProxies\":[")
        for (index, disabled) in disabledProxies.enumerated() {
            if index > 0 { writer.raw(",") }
            guard let admin = disabled.admin else {
                writer.string(disabled.proxy)
                continue
            }
            writer.raw("{\"proxy\":")
            writer.string(disabled.proxy)
            writer.raw(",\"admin\":")
            writer.string(admin)
            writer.raw("}")
        }
        writer.raw("]}\n")
        return writer.bytes
    }

    /// Reads a state file; the error lists every problem with its path, like an experiment file's.
    public static func decode(_ bytes: [UInt8]) throws(ExperimentValidationError) -> StateFile {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONParser.parseFirstValue(bytes)
        } catch {
            throw ExperimentValidationError(issues: [ValidationIssue(path: "", message: "not JSON: \(error.message)")])
        }
        var issues = IssueList()
        let keys = ["version", "runId", "admin", "toxics", "disabledProxies"]
        guard let object = ObjectReader(root, at: JSONPath(), allowed: keys, issues: &issues) else {
            throw ExperimentValidationError(issues: issues.issues)
        }
        if let version = object.string("version", required: true, issues: &issues), version != formatVersion {
            issues.add(JSONPath("version"), "\"\(version)\" is not \"\(formatVersion)\"")
        }
        let runID = object.string("runId", required: true, issues: &issues)
        let admin = object.string("admin", required: true, issues: &issues)
        var toxics: [Toxic] = []
        for (path, item) in array(object, "toxics", issues: &issues) {
            guard let entry = ObjectReader(item, at: path, allowed: ["proxy", "name", "admin"], issues: &issues),
                let proxy = entry.string("proxy", required: true, issues: &issues),
                let name = entry.string("name", required: true, issues: &issues)
            else { continue }
            toxics.append(Toxic(proxy: proxy, name: name, admin: entry.string("admin", issues: &issues)))
        }
        var disabled: [DisabledProxy] = []
        for (path, item) in array(object, "disabledProxies", issues: &issues) {
            switch item {
            case .string(let proxy):
                disabled.append(DisabledProxy(proxy: proxy))
            case .object:
                guard let entry = ObjectReader(item, at: path, allowed: ["proxy", "admin"], issues: &issues),
                    let proxy = entry.string("proxy", required: true, issues: &issues)
                else { continue }
                disabled.append(DisabledProxy(proxy: proxy, admin: entry.string("admin", issues: &issues)))
            default:
                issues.add(path, "expected a proxy name")
            }
        }
        guard let runID, let admin, issues.isEmpty else { throw ExperimentValidationError(issues: issues.issues) }
        return StateFile(runID: runID, admin: admin, toxics: toxics, disabledProxies: disabled)
    }

    private static func array(_ object: ObjectReader, _ key: String, issues: inout IssueList) -> [(JSONPath, JSONValue)]
    {
        guard let value = object[key] else {
            issues.add(object.path.key(key), "required")
            return []
        }
        guard case .array(let items) = value else {
            issues.add(object.path.key(key), "expected an array")
            return []
        }
        return items.enumerated().map { (object.path.key(key).index($0.offset), $0.element) }
    }
}
