/// Checks a request line or status line byte by byte as it arrives, so non-HTTP traffic is recognised at once.

/// An incremental recogniser of `METHOD SP target SP HTTP/1.x` or `HTTP/1.x SP ddd [SP reason]`.
///
/// It sees each byte of the first line exactly once (a head split at every byte costs no rescanning), and fails at
/// the first byte that cannot belong to an HTTP/1.x start line: a TLS ClientHello fails on its first byte, an
/// HTTP/2 preface on the `2` of its version, so neither is ever held waiting for a blank line that never comes.
struct StartLineSniffer {
    enum Kind {
        case request
        case response
    }

    enum Step: Equatable {
        case more
        /// The line ended (its LF was fed).
        case done
        case failed(PassthroughReason)
    }

    private enum State {
        case method(Int)
        case target(Int)
        /// Index into `HTTP/1.` of the next expected byte, then the minor digit (7).
        case version(Int)
        /// After `HTTP/1.x` of a status line: the space, then three digits (`code` counts them).
        case code(Int)
        case reason
        /// CR or LF ends the line.
        case lineEnd
        /// After CR only LF may follow.
        case afterCR
    }

    private static let prefix: [UInt8] = Array("HTTP/1.".utf8)
    private static let pri: [UInt8] = Array("PRI".utf8)
    private let kind: Kind
    private var state: State
    private var firstByte: UInt8?
    /// The method so far is `PRI` (the HTTP/2 preface's), to name the failure.
    private var methodPRI = 0

    init(_ kind: Kind) {
        self.kind = kind
        state = kind == .request ? .method(0) : .version(0)
    }

    mutating func feed(_ byte: UInt8) -> Step {
        if firstByte == nil { firstByte = byte }
        switch state {
        case .method(let count):
            if ASCII.isToken(byte) {
                methodPRI = (count < 3 && methodPRI == count && byte == Self.pri[count]) ? count + 1 : -1
                state = .method(count + 1)
            } else if byte == ASCII.space && count > 0 {
                state = .target(0)
            } else {
                return fail()
            }
        case .target(let count):
            if byte == ASCII.space && count > 0 {
                state = .version(0)
            } else if byte <= ASCII.space || byte == 0x7F {
                return fail()
            } else {
                state = .target(count + 1)
            }
        case .version(let index):
            if index < Self.prefix.count {
                guard byte == Self.prefix[index] else {
                    // `HTTP/2.0`: the preface (or a confused client) speaks HTTP/2.
                    if index == 5 && byte == UInt8(ascii: "2") && (kind == .response || methodPRI == 3) {
                        return .failed(.http2)
                    }
                    return fail()
                }
                state = .version(index + 1)
            } else {
                guard ASCII.isDigit(byte) else { return fail() }
                state = kind == .request ? .lineEnd : .code(0)
            }
        case .code(let count):
            if count == 0 {
                guard byte == ASCII.space else { return fail() }
                state = .code(1)
            } else if count < 4 {
                guard ASCII.isDigit(byte) else { return fail() }
                state = .code(count + 1)
            } else if byte == ASCII.space {
                state = .reason
            } else {
                return lineEnd(byte)
            }
        case .reason:
            if byte == ASCII.cr || byte == ASCII.lf { return lineEnd(byte) }
            guard ASCII.isFieldValue(byte) else { return fail() }
        case .lineEnd:
            return lineEnd(byte)
        case .afterCR:
            return byte == ASCII.lf ? .done : fail()
        }
        return .more
    }

    /// CR (then LF) or a bare LF, which Go and most servers accept.
    private mutating func lineEnd(_ byte: UInt8) -> Step {
        if byte == ASCII.lf { return .done }
        guard byte == ASCII.cr else { return fail() }
        state = .afterCR
        return .more
    }

    private func fail() -> Step {
        // A TLS record starts with content type 22 (handshake).
        if firstByte == 0x16 { return .failed(.tls) }
        return .failed(.notHTTP)
    }
}
