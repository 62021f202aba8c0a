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
    /// Faultline's faithful TCP loss: retransmission stalls, bytes intact (or `mode: "drop"`).
    case loss(LossAttributes)
    /// Toxiproxy's newer chunk-dropping type (PR #739, after 2.12.0), accepted for its clients.
    case packetLoss(PacketLossAttributes)
    /// A failed upstream lookup: acts on accepted connections (`NXDomainGate`), never on bytes.
    case nxdomain(NXDomainAttributes)
    /// A toxic on a DNS listener (`nxdomain`, `servfail`, `latency`, `drop`, `truncate`): its type and its
    /// attributes as a JSON object. The server validates and normalises them with FaultlineDNS, which Core does
    /// not know; once stored, the object holds every attribute key in the documented order.
    case dns(type: String, attributes: JSONValue)
    /// A per-request HTTP fault on a TCP proxy (`http_abort`, `http_delay`, …): its type and its attributes as a
    /// JSON object. The server validates and normalises them with FaultlineHTTPFaults, which Core does not know;
    /// once stored, the object holds every attribute key in the documented order. It acts on HTTP exchanges at
    /// the head of both directions, never inside a link.
    case http(type: String, attributes: JSONValue)
    /// A TLS fault of a TCP proxy that terminates TLS (`tls_certificate`, `tls_handshake`): its type and its
    /// attributes as a JSON object, checked and normalised by the server. It acts on a connection's handshake,
    /// never inside a link.
    case tls(type: String, attributes: JSONValue)
    /// A datagram toxic of a `udp` proxy (`latency`, `loss`, `duplicate`, …), typed and validated when decoded: the
    /// same type name means the datagram toxic on a UDP proxy and the TCP one on a TCP proxy. It acts inside the
    /// UDP sessions' `DatagramLink`s, never in a TCP link.
    case udp(DatagramToxicKind)

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
        case .loss: "loss"
        case .packetLoss: "packet_loss"
        case .nxdomain: "nxdomain"
        case .dns(let type, _): type
        case .http(let type, _): type
        case .tls(let type, _): type
        case .udp(let kind): kind.typeName
        }
    }

    /// Every wire type name, in documentation order: Toxiproxy 2.12.0's, then the additions.
    public static let typeNames = ["latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer",
                                   "limit_data", "noop", "loss", "packet_loss", "nxdomain"]

    /// Every type a DNS listener accepts (FaultlineDNS's `DNSFaultKind.typeNames`, which a test keeps equal).
    public static let dnsTypeNames = ["nxdomain", "servfail", "latency", "drop", "truncate"]

    /// Every HTTP fault type a TCP proxy accepts (FaultlineHTTPFaults' `HTTPFaultKind.typeNames`, which a test
    /// keeps equal).
    public static let httpTypeNames = ["http_abort", "http_delay", "http_reset", "http_truncate", "http_header",
                                       "http_status", "http_header_faults"]

    /// Every TLS fault type a TLS-terminating TCP proxy accepts.
    public static let tlsTypeNames = ["tls_certificate", "tls_handshake"]

    /// False for kinds that act on the connection rather than its bytes (`nxdomain`), for DNS toxics, which
    /// act on queries, for HTTP faults, which act on exchanges, and for datagram toxics: a TCP link may skip them.
    public var actsOnStream: Bool {
        switch self {
        case .nxdomain, .dns, .http, .tls, .udp: false
        default: true
        }
    }
}
