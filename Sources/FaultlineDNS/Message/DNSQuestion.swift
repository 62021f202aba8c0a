/// One entry of the question section: the name (case as sent), type and class.
public struct DNSQuestion: Hashable, Sendable {
    public var name: DNSName
    public var type: DNSRecordType
    public var qclass: UInt16

    public init(name: DNSName, type: DNSRecordType, qclass: UInt16 = DNSClass.internet) {
        self.name = name
        self.type = type
        self.qclass = qclass
    }

    /// How a relayed reply is matched to its query: name without regard to case, type and class exactly.
    public func matches(_ other: DNSQuestion) -> Bool {
        type == other.type && qclass == other.qclass && name.equalsIgnoringCase(other.name)
    }
}

/// Class numbers (RFC 1035 §3.2.4); only IN is served.
public enum DNSClass {
    public static let internet: UInt16 = 1
    public static let chaos: UInt16 = 3
    public static let any: UInt16 = 255
}
