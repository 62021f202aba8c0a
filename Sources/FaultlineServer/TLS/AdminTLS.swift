/// HTTPS for one admin session (`--admin-tls-cert`): the session's socket calls go through a TLS session instead.
import FaultlineCore
import FaultlinePosix
import FaultlineTLS

/// The admin session keeps its logic (parser, pipelining, timeouts, level-triggered interest); only its three
/// socket calls change: reads return plaintext, writes take plaintext, and ciphertext left over when the socket is
/// full counts as output still to write (so the session asks for writable and does not close before it has gone).
final class AdminTLS {
    let session: TLSSession

    init(context: TLSServerContext) throws(TLSError) {
        session = try TLSSession(server: context)
    }

    /// Ciphertext waiting for the socket.
    var pending: Int { session.pendingCiphertext }

    /// Plaintext into `buffer`, reading the socket (`read`) as the session needs: `.wouldBlock` until a request's
    /// bytes have been decrypted, 0 at the end (close_notify or the peer's FIN), an error when TLS fails.
    func read(
        into buffer: UnsafeMutableRawBufferPointer,
        socket read: (UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int>?,
        write: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>?
    ) throws(Errno) -> IOResult<Int>? {
        while true {
            let event = session.read(into: buffer)
            try drain(write)
            switch event {
            case .plaintext(let count): return .processed(count)
            case .established: continue
            case .closed: return .processed(0)
            case .failed: throw .protocolError
            case .suspended: return .wouldBlock  // admin sessions never hold a handshake
            case .needsInput:
                var outcome: IOResult<Int>?
                try session.receiveCiphertext { space throws(Errno) in
                    outcome = try read(space)
                    if case .processed(let count)? = outcome { return count }
                    return 0
                }
                switch outcome {
                case .processed(0)?: session.receiveEndOfStream()
                case .processed?: continue
                case .wouldBlock?, nil: return outcome
                }
            }
        }
    }

    /// Encrypts what it can of `queue` and writes out the ciphertext; returns the plaintext bytes taken. Before the
    /// handshake completes nothing is taken (the responses wait in the queue).
    @discardableResult
    func write(from queue: inout ByteQueue, socket write: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>?)
        throws(Errno) -> Int
    {
        var total = 0
        while try drain(write), session.isEstablished, !queue.isEmpty {
            var failed = false
            let taken = queue.consumeFront { chunk in
                do throws(TLSFailure) {
                    return try session.write(chunk)
                } catch {
                    failed = true
                    return 0
                }
            }
            if failed { throw .protocolError }
            if taken == 0 { break }
            total += taken
        }
        return total
    }

    /// close_notify before a graceful close (best effort: the socket closes next anyway).
    func close(socket write: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>?) {
        session.close()
        _ = try? drain(write)
    }

    /// Writes the pending ciphertext; true when all of it went out.
    @discardableResult
    private func drain(_ write: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>?) throws(Errno) -> Bool {
        while session.pendingCiphertext > 0 {
            var blocked = false
            try session.drainCiphertext { bytes throws(Errno) in
                guard case .processed(let count)? = try write(bytes) else {
                    blocked = true
                    return 0
                }
                return count
            }
            if blocked { return false }
        }
        return true
    }
}
