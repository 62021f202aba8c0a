/// Which way bytes flow through a proxy, with Toxiproxy's names: upstream is client → server.
public enum Direction: String, Sendable, CaseIterable, Hashable {
    case upstream
    case downstream

    /// Both directions without allocating (the synthesized `allCases` builds an array on every call).
    public static let both: [Direction] = [.upstream, .downstream]

    /// Case-insensitive parse of Toxiproxy's stream names; nil for anything else (including "").
    public init?(toxiproxyName text: String) {
        switch text.lowercased() {
        case "upstream": self = .upstream
        case "downstream": self = .downstream
        default: return nil
        }
    }

    public var opposite: Direction { self == .upstream ? .downstream : .upstream }
}
