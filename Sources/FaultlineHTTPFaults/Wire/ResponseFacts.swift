/// What the engine needs from a response head: its status code and how its body is delimited.

/// A response head read from its `HeadLayout`.
struct ResponseFacts {
    var status: Int
    var framing: MessageFraming

    /// Reads the facts; `answersHEAD` when the request was HEAD (no body whatever the fields say).
    static func read(
        _ bytes: UnsafeRawBufferPointer, _ layout: HeadLayout, answersHEAD: Bool
    ) -> Result<ResponseFacts, PassthroughReason> {
        // The sniffer checked `HTTP/1.x SP ddd`: the code is at offsets 9, 10, 11 of the start line.
        let start = layout.startLine.lowerBound + 9
        var status = 0
        for index in start..<(start + 3) { status = status * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
        var framing = FramingFields()
        for field in layout.fields { framing.note(bytes, field) }
        switch framing.responseFraming(status: status, answersHEAD: answersHEAD) {
        case .success(let value): return .success(ResponseFacts(status: status, framing: value))
        case .failure(let reason): return .failure(reason)
        }
    }
}
