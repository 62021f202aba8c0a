/// Finds where a request or response head ends, across any number of reads, within the head caps.

/// Incremental search for the blank line that ends a head. Each byte is looked at once, however the head is
/// split; the start line is checked as it arrives (`StartLineSniffer`), and the size and field-count caps are
/// enforced on the way, so a 1 MB request line or an endless header section fails at the cap instead of being held.
struct HeadScanner {
    enum Outcome: Equatable {
        /// Every byte from `start` belongs to the head, which has not ended yet.
        case needMore
        /// The head ends just before offset `end` of the bytes passed in.
        case complete(end: Int)
        case failed(PassthroughReason)
    }

    private let kind: StartLineSniffer.Kind
    private let maxBytes: Int
    private let maxFields: Int
    private var sniffer: StartLineSniffer
    /// Head bytes seen so far, across calls.
    private(set) var count = 0
    private var startLineDone = false
    /// Bytes of the current line other than CR and LF.
    private var lineLength = 0
    private var fields = 0

    init(_ kind: StartLineSniffer.Kind, maxBytes: Int, maxFields: Int) {
        self.kind = kind
        self.maxBytes = maxBytes
        self.maxFields = maxFields
        sniffer = StartLineSniffer(kind)
    }

    /// True before any byte of the head (leading blank lines aside) has been seen.
    var isAtStart: Bool { count == 0 }

    /// Ready for the next head.
    mutating func reset() {
        sniffer = StartLineSniffer(kind)
        count = 0
        startLineDone = false
        lineLength = 0
        fields = 0
    }

    /// Scans `bytes` from `start`.
    mutating func scan(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Outcome {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            count += 1
            if count > maxBytes { return .failed(.headTooLarge) }
            if !startLineDone {
                // RFC 9112 §2.2: blank lines before a request line are ignored (clients add them after bodies).
                if kind == .request && lineLength == 0 && (byte == ASCII.cr || byte == ASCII.lf) { continue }
                switch sniffer.feed(byte) {
                case .more: lineLength += 1
                case .done:
                    startLineDone = true
                    lineLength = 0
                case .failed(let reason): return .failed(reason)
                }
                continue
            }
            if byte == ASCII.lf {
                if lineLength == 0 { return .complete(end: index) }
                fields += 1
                if fields > maxFields { return .failed(.tooManyHeaders) }
                lineLength = 0
            } else if byte != ASCII.cr {
                lineLength += 1
            }
        }
        return .needMore
    }
}
