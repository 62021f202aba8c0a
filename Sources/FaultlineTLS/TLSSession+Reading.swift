/// The inbound half of a session: ciphertext from the socket in, handshake progress and plaintext out.
import COpenSSL

extension TLSSession {
    /// Lets `body` read from the socket straight into the session's input buffer, which has room for at least
    /// `capacity` bytes; `body` returns how many it wrote (0 or less for none). Returns that count.
    @discardableResult
    public func receiveCiphertext<E: Error>(
        capacity: Int = 17 << 10,
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> Int
    ) throws(E) -> Int {
        let space = io.inbound.reserve(max(capacity, 1))
        let written: Int
        do throws(E) {
            written = try body(space)
        } catch {
            io.inbound.commit(0)
            throw error
        }
        io.inbound.commit(min(max(written, 0), space.count))
        return written
    }

    /// Copies ciphertext the connection already holds into the session.
    public func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        io.inbound.append(bytes)
    }

    /// True when `read(into:)` may produce something without new input: ciphertext the session has not
    /// processed yet, or a decrypted record only partly read. A connection that stopped reading for
    /// backpressure must call `read(into:)` again when it has room, even though the socket stays quiet.
    public var hasPendingInput: Bool { !io.inbound.isEmpty || SSL_has_pending(ssl) == 1 }

    /// The peer's TCP stream ended (read returned 0). Once the buffered input is used up, reading reports
    /// `.closed(clean: false)` unless a close_notify came first.
    public func receiveEndOfStream() {
        io.inputEnded = true
    }

    /// Advances the handshake, or, once it is done, decrypts into `buffer`. Call after every input (and once
    /// at the start of a client session) until it returns something other than `.plaintext` / `.established`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSEvent {
        switch phase {
        case .failed(let failure): return .failed(failure)
        case .suspended(let hello): return .suspended(hello)
        case .handshaking: return advanceHandshake()
        case .established: break
        }
        if let clean = readEnded { return .closed(clean: clean) }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .plaintext(0) }
        OpenSSLErrorQueue.clear()
        var count = 0
        let result = SSL_read_ex(ssl, base, buffer.count, &count)
        if result == 1 { return .plaintext(count) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case SSL_ERROR_ZERO_RETURN:
            readEnded = true
            return .closed(clean: true)
        default:
            // A TCP EOF without close_notify ends the stream rather than the session: many HTTP peers close
            // that way, and a proxy must pass that on as an end, not as an error.
            if io.inputEnded && io.inbound.isEmpty
                && OpenSSLErrorQueue.peekReason() == SSL_R_UNEXPECTED_EOF_WHILE_READING
            {
                _ = OpenSSLErrorQueue.drain()
                readEnded = false
                return .closed(clean: false)
            }
            return .failed(fail(duringHandshake: false))
        }
    }

    /// Starts or continues the handshake without reading plaintext: a client calls it once to produce its
    /// ClientHello. Returns `.needsInput` while waiting for the peer, `.established` when it completes.
    public func handshake() -> TLSEvent {
        switch phase {
        case .failed(let failure): return .failed(failure)
        case .suspended(let hello): return .suspended(hello)
        case .handshaking: return advanceHandshake()
        case .established: return .needsInput
        }
    }

    func advanceHandshake() -> TLSEvent {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            phase = .established
            return .established
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsInput
        case SSL_ERROR_WANT_CLIENT_HELLO_CB:
            phase = .suspended(heldClientHello)
            return .suspended(heldClientHello)
        default:
            return .failed(fail(duringHandshake: true))
        }
    }
}
