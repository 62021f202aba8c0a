/// The fault hooks of a server session: holding the handshake at the ClientHello, resuming it with a chosen
/// certificate, or refusing it with a named alert.
///
/// The hold uses OpenSSL's ClientHello callback: returning "retry" makes `SSL_do_handshake` return at once with
/// `SSL_ERROR_WANT_CLIENT_HELLO_CB`, and the next call runs the callback again. Nothing blocks and nothing is
/// buffered beyond the ClientHello itself; the connection's timer decides when to call back.
///
/// The refusal happens one step later, in the server-name callback: by then the version is negotiated, so
/// TLS 1.3's own alerts (`missing_extension`, `certificate_required`) go out as themselves. From the ClientHello
/// callback OpenSSL would send them as `handshake_failure`.
import COpenSSL

extension TLSSession {
    /// Lets a suspended handshake go on, presenting `certificate` if given (else the session's or context's).
    /// Returns what driving the handshake came to, usually `.needsInput` with the server's flight pending.
    public func resumeHandshake(certificate: TLSIdentity? = nil) -> TLSEvent {
        guard case .suspended = phase else { return handshake() }
        chosenCertificate = certificate
        clientHelloAction = .proceed
        phase = .handshaking
        return advanceHandshake()
    }

    /// Refuses a handshake that has not passed the ClientHello with `alert`, which the peer receives as the
    /// reason (`sslv3 alert handshake failure` in OpenSSL's words). Returns `.failed` with `alertSent` set;
    /// write out the pending ciphertext (the alert), then close. A session still waiting for its ClientHello
    /// refuses it when it arrives.
    public func abortHandshake(alert: TLSAlert) -> TLSEvent {
        switch phase {
        case .suspended:
            clientHelloAction = .abort(alert)
            phase = .handshaking
            return advanceHandshake()
        case .handshaking where role == .server:
            clientHelloAction = .abort(alert)
            return .needsInput
        default:
            return handshake()
        }
    }

    /// The shape of OpenSSL's ClientHello and server-name callbacks: (SSL, alert to send, argument).
    typealias HelloCallback =
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?)
        -> Int32

    /// Installed on every server context. Runs before OpenSSL has chosen a version or a certificate.
    static let clientHelloCallback: HelloCallback = { ssl, alert, _ in
        guard let session = TLSSession.session(of: ssl) else { return SSL_CLIENT_HELLO_SUCCESS }
        switch session.clientHelloAction {
        case .proceed:
            guard let certificate = session.chosenCertificate, let ssl else { return SSL_CLIENT_HELLO_SUCCESS }
            session.chosenCertificate = nil
            do throws(TLSError) {
                try certificate.install(on: ssl)
            } catch {
                alert?.pointee = Int32(TLSAlert.internalError.code)
                return SSL_CLIENT_HELLO_ERROR
            }
            return SSL_CLIENT_HELLO_SUCCESS
        case .suspend:
            session.heldClientHello = TLSClientHello(serverName: serverName(in: ssl))
            return SSL_CLIENT_HELLO_RETRY
        case .abort:
            return SSL_CLIENT_HELLO_SUCCESS
        }
    }

    /// Installed on every server context; runs after version negotiation. Acknowledges SNI, or refuses.
    static let serverNameCallback: HelloCallback = { ssl, alert, _ in
        guard let session = TLSSession.session(of: ssl), case .abort(let chosen) = session.clientHelloAction else {
            return SSL_TLSEXT_ERR_OK
        }
        alert?.pointee = Int32(chosen.code)
        return SSL_TLSEXT_ERR_ALERT_FATAL
    }

    /// Installed on every context: records alerts as they are sent and received.
    static let infoCallback: @convention(c) (OpaquePointer?, Int32, Int32) -> Void = { ssl, situation, value in
        guard situation & SSL_CB_ALERT != 0, let session = TLSSession.session(of: ssl) else { return }
        let alert = TLSAlert(code: UInt8(truncatingIfNeeded: value & 0xff))
        if situation & SSL_CB_READ != 0 {
            session.alertReceived = alert
        } else {
            session.alertSent = alert
        }
    }

    /// SNI is not parsed yet when the ClientHello callback runs, so read the raw extension.
    private static func serverName(in ssl: OpaquePointer?) -> String? {
        var data: UnsafePointer<UInt8>?
        var length = 0
        guard SSL_client_hello_get0_ext(ssl, UInt32(TLSEXT_TYPE_server_name), &data, &length) == 1, let data else {
            return nil
        }
        return TLSClientHello.serverName(fromExtension: UnsafeBufferPointer(start: data, count: length))
    }
}
