/// The header's flags word (RFC 1035 §4.1.1, AD/CD from RFC 4035) with a property per field.
public struct DNSFlags: Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16 = 0) { self.rawValue = rawValue }

    /// QR: set in responses.
    public var isResponse: Bool {
        get { bit(15) }
        set { setBit(15, newValue) }
    }

    /// OPCODE: 0 is QUERY, the only one we serve.
    public var opcode: UInt8 {
        get { UInt8(truncatingIfNeeded: (rawValue >> 11) & 0xF) }
        set { rawValue = (rawValue & ~(0xF << 11)) | (UInt16(newValue & 0xF) << 11) }
    }

    /// AA: the answer comes from the zone's own data.
    public var authoritative: Bool {
        get { bit(10) }
        set { setBit(10, newValue) }
    }

    /// TC: the message was cut to fit; the client should retry over TCP.
    public var truncated: Bool {
        get { bit(9) }
        set { setBit(9, newValue) }
    }

    /// RD: the client asks for recursion; copied into replies.
    public var recursionDesired: Bool {
        get { bit(8) }
        set { setBit(8, newValue) }
    }

    /// RA: the server offers recursion.
    public var recursionAvailable: Bool {
        get { bit(7) }
        set { setBit(7, newValue) }
    }

    /// Z: reserved, must be zero in what we send.
    public var zero: Bool {
        get { bit(6) }
        set { setBit(6, newValue) }
    }

    /// AD: authentic data (DNSSEC); we never set it.
    public var authenticData: Bool {
        get { bit(5) }
        set { setBit(5, newValue) }
    }

    /// CD: checking disabled (DNSSEC); copied into replies.
    public var checkingDisabled: Bool {
        get { bit(4) }
        set { setBit(4, newValue) }
    }

    /// The low four bits of the response code (the rest lives in OPT).
    public var rcode: UInt8 {
        get { UInt8(truncatingIfNeeded: rawValue & 0xF) }
        set { rawValue = (rawValue & ~0xF) | UInt16(newValue & 0xF) }
    }

    private func bit(_ index: UInt16) -> Bool { rawValue & (1 << index) != 0 }

    private mutating func setBit(_ index: UInt16, _ value: Bool) {
        if value { rawValue |= 1 << index } else { rawValue &= ~(1 << index) }
    }
}
