/// Reading `Content-Length` and `Transfer-Encoding` into a message's framing, refusing what is ambiguous.

/// The framing fields of one head, gathered in a single pass over its fields.
struct FramingFields {
    private static let contentLength = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)
    private static let chunked = Array("chunked".utf8)

    private var length: UInt64?
    private var lengthConflict = false
    private var lengthInvalid = false
    private var hasTransferEncoding = false
    private var lastCodingIsChunked = false

    /// Looks at one field; returns true when it was a framing field.
    @discardableResult
    mutating func note(_ bytes: UnsafeRawBufferPointer, _ field: FieldSpan) -> Bool {
        if ASCII.equalsIgnoringCase(bytes, field.name, Self.contentLength) {
            // `Content-Length: 5, 5` is a list of the same value (RFC 9110 §8.6); an empty value is invalid.
            var sawElement = false
            ASCII.forEachListElement(bytes, field.value) { element in
                sawElement = true
                guard let value = ASCII.decimal(bytes, element) else {
                    lengthInvalid = true
                    return
                }
                if let length, length != value { lengthConflict = true }
                length = value
            }
            if !sawElement { lengthInvalid = true }
            return true
        }
        if ASCII.equalsIgnoringCase(bytes, field.name, Self.transferEncoding) {
            hasTransferEncoding = true
            ASCII.forEachListElement(bytes, field.value) { element in
                lastCodingIsChunked = ASCII.equalsIgnoringCase(bytes, element, Self.chunked)
            }
            return true
        }
        return false
    }

    /// A request's body: chunked when chunked is the last coding, else the length, else none.
    func requestFraming(minorVersion: UInt8) -> Result<MessageFraming, PassthroughReason> {
        if hasTransferEncoding {
            if length != nil || lengthInvalid { return .failure(.ambiguousFraming) }
            // A request coding other than chunked cannot be delimited (RFC 9112 §6.3 rule 4); nor can an
            // HTTP/1.0 message that claims a coding (§6.1).
            guard lastCodingIsChunked, minorVersion >= 1 else { return .failure(.badFraming) }
            return .success(.chunked)
        }
        return lengthFraming(otherwise: .none)
    }

    /// A response's body: none for HEAD, 1xx, 204 and 304; else chunked, the length, or until the upstream closes.
    func responseFraming(status: Int, answersHEAD: Bool) -> Result<MessageFraming, PassthroughReason> {
        if answersHEAD || status < 200 || status == 204 || status == 304 { return .success(.none) }
        if hasTransferEncoding {
            if length != nil || lengthInvalid { return .failure(.ambiguousFraming) }
            return .success(lastCodingIsChunked ? .chunked : .untilClose)
        }
        return lengthFraming(otherwise: .untilClose)
    }

    private func lengthFraming(otherwise fallback: MessageFraming) -> Result<MessageFraming, PassthroughReason> {
        if lengthConflict { return .failure(.ambiguousFraming) }
        if lengthInvalid { return .failure(.badFraming) }
        guard let length else { return .success(fallback) }
        return .success(length == 0 ? .none : .length(length))
    }
}
