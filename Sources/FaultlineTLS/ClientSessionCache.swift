/// Upstream session resumption: the latest session (TLS 1.3 ticket) each server name gave a client context.
import COpenSSL
import Synchronization

/// A full handshake costs the upstream a signature and this side a chain verification; a resumed one costs neither.
/// So a client context keeps, per server name, the last resumable session the server issued, and every new
/// connection to that name offers it. Sessions are kept serialised (DER) and parsed per connection, so no two loops
/// ever share an `SSL_SESSION` object; the lock is held for a dictionary lookup and a copy only.
final class ClientSessionCache: Sendable {
    private let sessions = Mutex<[String: [UInt8]]>([:])

    /// Called by OpenSSL whenever the server issues a session (after the handshake, or as tickets arrive).
    static let newSession: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32 = { ssl, session in
        // The cache comes from the session, which holds it: a connection may outlive the context that made it (a
        // proxy's TLS settings replaced while its connections run), and tickets keep arriving on it.
        guard let ssl, let session, SSL_SESSION_is_resumable(session) == 1,
            let (cache, key) = TLSSession.session(of: ssl)?.resumption
        else { return 0 }
        let length = i2d_SSL_SESSION(session, nil)
        guard length > 0 else { return 0 }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_SSL_SESSION(session, &cursor)
        }
        guard written == length else { return 0 }
        cache.sessions.withLock { $0[key] = bytes }
        return 0  // OpenSSL keeps (and frees) its own reference: only the copy is ours
    }

    /// Offers the cached session for `key` on a new connection (nothing when there is none or it does not parse).
    func offer(_ key: String, on ssl: OpaquePointer) {
        guard let bytes = sessions.withLock({ $0[key] }) else { return }
        let session: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_SSL_SESSION(nil, &cursor, buffer.count)
        }
        guard let session else {
            _ = OpenSSLErrorQueue.drain()
            return
        }
        _ = SSL_set_session(ssl, session)
        SSL_SESSION_free(session)
    }
}
