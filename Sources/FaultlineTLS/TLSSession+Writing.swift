/// The outbound half of a session: plaintext in, ciphertext out to the socket, and close_notify.
import COpenSSL

extension TLSSession {
    /// Ciphertext waiting to be written to the socket.
    public var pendingCiphertext: Int { io.outbound.count }

    /// Hands the pending ciphertext to `body`, which writes what it can to the socket and returns how many
    /// bytes it took (0 when the socket is full). Returns that count; the rest stays pending.
    @discardableResult
    public func drainCiphertext<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Int) throws(E) -> Int {
        guard !io.outbound.isEmpty else { return 0 }
        let taken = try body(io.outbound.readable)
        io.outbound.consume(min(max(taken, 0), io.outbound.count))
        return taken
    }

    /// Copies pending ciphertext into `buffer`; returns how many bytes it copied.
    public func drainCiphertext(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return io.outbound.move(to: base, limit: buffer.count)
    }

    /// Encrypts as much of `plaintext` as fits under `outputLimit` and returns how much it took: 0 before the
    /// handshake completes (keep the bytes and offer them again after `.established`) or while the pending
    /// ciphertext is over the limit (offer them again once it has drained).
    public func write(_ plaintext: UnsafeRawBufferPointer) throws(TLSFailure) -> Int {
        switch phase {
        case .failed(let failure): throw failure
        case .handshaking, .suspended: return 0
        case .established: break
        }
        guard let base = plaintext.baseAddress else { return 0 }
        var taken = 0
        // With partial writes on, each SSL_write_ex makes one record (≤ 16 KiB), so the limit is kept to a record.
        while taken < plaintext.count && io.outbound.count < outputLimit {
            OpenSSLErrorQueue.clear()
            var written = 0
            let result = SSL_write_ex(ssl, base + taken, plaintext.count - taken, &written)
            guard result == 1 else {
                let error = SSL_get_error(ssl, result)
                if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { break }
                throw fail(duringHandshake: false)
            }
            taken += written
        }
        return taken
    }

    /// Queues close_notify: this side will write no more. The peer may go on writing (TLS half-close), so keep
    /// reading until `.closed`; then write out the pending ciphertext and shut the socket down. Before the
    /// handshake completes there is nothing to say: just close the socket.
    public func close() {
        guard case .established = phase, !closeNotifySent else { return }
        closeNotifySent = true
        OpenSSLErrorQueue.clear()
        if SSL_shutdown(ssl) < 0 { _ = OpenSSLErrorQueue.drain() }
    }

    /// True once `close()` has queued close_notify.
    public var isClosedForWriting: Bool { closeNotifySent }
}
