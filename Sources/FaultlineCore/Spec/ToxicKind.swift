/// The closed set of toxic types, each carrying its attributes; decoded once, switched on exhaustively.
public enum ToxicKind: Equatable, Sendable {
    case latency(LatencyAttributes)
    case bandwidth(BandwidthAttributes)
    case slowClose(SlowCloseAttributes)
    case timeout(TimeoutAttributes)
    case resetPeer(ResetPeerAttributes)
    case slicer(SlicerAttributes)
    case limitData(LimitDataAttributes)
    case noop

    /// The type name on the wire (`"slow_close"`, …).
    public var typeName: String {
        switch self {
        case .latency: "latency"
        case .bandwidth: "bandwidth"
        case .slowClose: "slow_close"
        case .timeout: "timeout"
        case .resetPeer: "reset_peer"
        case .slicer: "slicer"
        case .limitData: "limit_data"
        case .noop: "noop"
        }
    }

    /// Every wire type name, in documentation order.
    public static let typeNames = ["latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer",
                                   "limit_data", "noop"]
}
