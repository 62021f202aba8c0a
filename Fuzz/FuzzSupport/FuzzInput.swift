/// A cursor over a fuzz input: leading control bytes choose how the rest is used (split points, modes).

/// Reads control bytes off the front of an input; past the end every byte reads as zero, so short inputs
/// still mean something instead of being skipped.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next control byte (0 once the input is used up).
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Everything not yet read as a control byte.
    public var rest: [UInt8] { offset < bytes.count ? Array(bytes[offset...]) : [] }

    /// A position in `0...count` chosen by `selector`: 0 is the start, 255 the end.
    public static func position(_ selector: UInt8, in count: Int) -> Int { count * Int(selector) / 255 }
}

/// Stops the process with the broken invariant's text: libFuzzer records the input as a crash, a replay names it.
public func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { fatalError("fuzz invariant broken: \(message())", file: file, line: line) }
}

/// The bytes libFuzzer hands over, copied so targets take ordinary arrays.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}
