/// A TLS side at the socket boundary: reads return plaintext, writes take plaintext, ciphertext moves underneath.
import FaultlineCore
import FaultlinePosix
import FaultlineTLS

extension Connection {
    /// Socket reads straight into a session's input: a TLS record is at most ~16 KiB, so this takes several at once.
    private static let ciphertextRead = 64 << 10

    /// Fills `buffer` with plaintext, reading the socket as the session needs, until the buffer is full or the socket
    /// has nothing more (EAGAIN): so a short count means what it means for a plain socket, and the caller's readiness
    /// rules (edge-triggered) hold. Handshake messages, alerts and tickets are written out as they are produced.
    func readTLS(_ stage: TLSStage, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        var filled = 0
        while filled < buffer.count {
            let event = stage.session.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if stage.session.pendingCiphertext > 0 { _ = try drainTLS(stage) }
            switch event {
            case .plaintext(let count):
                filled += count
            case .established:
                handshakeCompleted(stage)
            case .needsInput:
                guard let received = try receiveCiphertext(stage) else { return nil }
                if !received { return filled > 0 ? .processed(filled) : .wouldBlock }
            case .suspended:
                holdHandshake(stage)
                return filled > 0 ? .processed(filled) : .wouldBlock
            case .closed:
                // Plaintext first; the end is still to be read, as after a FIN (the session reports it again).
                if filled > 0 { markHangup(stage.side) }
                return .processed(filled)
            case .failed(let failure):
                throw tlsFailed(stage, failure)
            }
        }
        return .processed(filled)
    }

    /// One socket read into the session: true when bytes (or the end of the stream) arrived, false on EAGAIN, nil
    /// when the socket is gone.
    private func receiveCiphertext(_ stage: TLSStage) throws(Errno) -> Bool? {
        var outcome: IOResult<Int>?
        try stage.session.receiveCiphertext(capacity: Self.ciphertextRead) { space throws(Errno) in
            outcome = stage.side == .client ? try client?.read(into: space) : try upstream?.read(into: space)
            if case .processed(let count)? = outcome { return count }
            return 0
        }
        switch outcome {
        case .processed(0)?:
            stage.session.receiveEndOfStream()
            return true
        case .processed?: return true
        case .wouldBlock?: return false
        case nil: return nil
        }
    }

    /// Encrypts what the session takes of `buffer` once the older ciphertext has gone out; EAGAIN while the socket
    /// is full or the handshake has not completed (`handshakeCompleted` then makes the side writable again).
    func writeTLS(_ stage: TLSStage, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        guard try drainTLS(stage), stage.session.isEstablished else { return .wouldBlock }
        let taken: Int
        do {
            taken = try stage.session.write(buffer)
        } catch {
            throw tlsFailed(stage, error)
        }
        _ = try drainTLS(stage)
        return taken > 0 ? .processed(taken) : .wouldBlock
    }

    /// Writes the session's pending ciphertext; true when all of it went out (then a deferred half-close follows).
    @discardableResult
    func drainTLS(_ stage: TLSStage) throws(Errno) -> Bool {
        while stage.session.pendingCiphertext > 0 {
            var blocked = false
            try stage.session.drainCiphertext { bytes throws(Errno) in
                let result = stage.side == .client ? try client?.write(bytes) : try upstream?.write(bytes)
                guard case .processed(let count)? = result else {
                    blocked = true
                    return 0
                }
                return count
            }
            if blocked {
                clearReady(stage.side, .writable)
                return false
            }
        }
        if stage.shutdownPending {
            stage.shutdownPending = false
            if stage.side == .client { client?.shutdownWrite() } else { upstream?.shutdownWrite() }
        }
        return true
    }

    /// Ciphertext still waiting for `side`'s socket: the direction towards it is not drained until it has gone.
    func tlsPending(_ side: Side) -> Int {
        tls?[side]?.session.pendingCiphertext ?? 0
    }

    /// Writes out what waits for `side`'s socket before its queue; false when that failed (the connection closed).
    func flushTLS(_ side: Side) -> Bool {
        guard let stage = tls?[side], stage.session.pendingCiphertext > 0 || stage.shutdownPending else { return true }
        do {
            try drainTLS(stage)
            return true
        } catch {
            aborted(side: side, error)
            return false
        }
    }

    /// The half-close of a TLS side: close_notify, then FIN once it has been written.
    func shutdownTLS(_ stage: TLSStage) {
        stage.session.close()
        stage.shutdownPending = true
        do {
            try drainTLS(stage)
        } catch {
            aborted(side: stage.side, error)
        }
    }

    /// Before a side is closed on its own (the HTTP engine's endings): close_notify where the close is graceful.
    func closeTLS(_ side: Side, graceful: Bool) {
        guard graceful, let stage = tls?[side] else { return }
        stage.session.close()
        _ = try? drainTLS(stage)
    }

    /// The session has more to say after the plaintext just returned (its end): keep the side readable.
    private func markHangup(_ side: Side) {
        if side == .client { ready.client.insert(.readHangup) } else { ready.upstream.insert(.readHangup) }
    }
}
