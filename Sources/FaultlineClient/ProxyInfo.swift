/// A proxy as the admin API reports it: its bound listen address, upstream, state and toxics.
import FaultlineCore
import FaultlinePosix

public struct ProxyInfo: Equatable, Sendable {
    public var name: String
    /// The bound address once started (`127.0.0.1:43393`, `[::]:8080`); the given text while never started.
    public var listen: String
    public var upstream: String
    public var enabled: Bool
    /// `nil` for a TCP proxy (its JSON has no `kind`); `"dns"` for Faultline's DNS listeners.
    public var kind: String?
    /// Upstream toxics first, then downstream, as the server lists them.
    public var toxics: [ToxicInfo]

    /// A proxy as given (tests and callers that build expectations).
    public init(
        name: String, listen: String, upstream: String, enabled: Bool, kind: String? = nil, toxics: [ToxicInfo] = []
    ) {
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.kind = kind
        self.toxics = toxics
    }

    /// The port of `listen` (`127.0.0.1:43393` → 43393), nil when it has none.
    public var listenPort: UInt16? {
        do throws(HostPort.ParseError) { return try HostPort.parse(listen).port } catch { return nil }
    }

    /// Reads a proxy object; `Logger` and unknown keys are ignored.
    init(json value: JSONValue) throws(ClientError) {
        guard case .object = value else { throw .decoding("a proxy is not a JSON object") }
        guard let name = value.member("name")?.stringValue else { throw .decoding("a proxy object has no name") }
        guard let listen = value.member("listen")?.stringValue, let upstream = value.member("upstream")?.stringValue,
            let enabled = value.member("enabled")?.boolValue
        else { throw .decoding("proxy \(name) lacks listen, upstream or enabled") }
        var toxics: [ToxicInfo] = []
        switch value.member("toxics") {
        case .array(let elements):
            for element in elements { toxics.append(try ToxicInfo(json: element)) }
        case .null, nil: break
        default: throw .decoding("proxy \(name) has toxics that are not an array")
        }
        self.init(
            name: name, listen: listen, upstream: upstream, enabled: enabled, kind: value.member("kind")?.stringValue,
            toxics: toxics)
    }
}
