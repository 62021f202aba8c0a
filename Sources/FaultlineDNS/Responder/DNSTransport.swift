/// The transport a query arrived on: it decides size limits and which toxics apply.
public enum DNSTransport: String, Hashable, Sendable {
    case udp
    case tcp
}
