/// Request ids in Toxiproxy's format: 20-character xids (github.com/rs/xid), for `X-Toxiproxy-Request-Id`.
public struct RequestIDGenerator: Sendable {
    private let machineID: UInt32
    private let processID: UInt16
    private var counter: UInt32

    /// `machineID` (24 bits used), `processID` and the starting `counter` (24 bits) come from the caller,
    /// which owns the randomness; xid starts its counter at a random value.
    public init(machineID: UInt32, processID: UInt16, counter: UInt32) {
        self.machineID = machineID & 0xFF_FFFF
        self.processID = processID
        self.counter = counter & 0xFF_FFFF
    }

    /// The next id: 4 bytes of seconds, 3 of machine, 2 of process, 3 of counter, in base32hex (lowercase).
    public mutating func next(unixSeconds: UInt32) -> String {
        let value = counter
        counter = (counter &+ 1) & 0xFF_FFFF
        let bytes: [UInt8] = [
            UInt8(truncatingIfNeeded: unixSeconds >> 24), UInt8(truncatingIfNeeded: unixSeconds >> 16),
            UInt8(truncatingIfNeeded: unixSeconds >> 8), UInt8(truncatingIfNeeded: unixSeconds),
            UInt8(truncatingIfNeeded: machineID >> 16), UInt8(truncatingIfNeeded: machineID >> 8),
            UInt8(truncatingIfNeeded: machineID),
            UInt8(truncatingIfNeeded: processID >> 8), UInt8(truncatingIfNeeded: processID),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
        return Self.base32Hex(bytes)
    }

    /// RFC 4648 base32hex without padding: 96 bits → 20 characters.
    static func base32Hex(_ bytes: [UInt8]) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv")
        var out = ""
        let bitCount = bytes.count * 8
        var bit = 0
        while bit < bitCount {
            var chunk = 0
            for offset in 0..<5 {
                let position = bit + offset
                let set = position < bitCount && bytes[position / 8] & (0x80 >> UInt8(position % 8)) != 0
                chunk = chunk << 1 | (set ? 1 : 0)
            }
            out.append(alphabet[chunk])
            bit += 5
        }
        return out
    }
}
