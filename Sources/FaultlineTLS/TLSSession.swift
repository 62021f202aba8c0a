/// One TLS connection, server or client side, as a sans-I/O state machine: ciphertext in and out, plaintext in
/// and out, no socket, no blocking call, no thread.
///
/// The connection moves bytes; the session says what they mean. On readable: `receiveCiphertext` (reads the
/// socket straight into the session), then `read(into:)` until `.needsInput`. To send: `write(_:)`. After any
/// call: write `pendingCiphertext` out with `drainCiphertext`. The session is confined to its loop's thread.
import COpenSSL

public final class TLSSession {
    public enum Role: Sendable {
        case server
        case client
    }

    /// What a server session does when the ClientHello arrives (the `tls_handshake` fault's hook).
    public enum ClientHelloAction: Equatable, Sendable {
        /// Answer at once.
        case proceed
        /// Hold the handshake: reading reports `.suspended` until `resumeHandshake` or `abortHandshake`.
        case suspend
        /// Refuse the handshake with this fatal alert.
        case abort(TLSAlert)
    }

    enum Phase {
        case handshaking
        case suspended(TLSClientHello)
        case established
        case failed(TLSFailure)
    }

    public let role: Role
    let ssl: OpaquePointer
    let io: SessionIO
    var phase = Phase.handshaking
    /// What the ClientHello callback does next (server sessions).
    var clientHelloAction: ClientHelloAction
    var heldClientHello = TLSClientHello(serverName: nil)
    /// A certificate `resumeHandshake(certificate:)` chose, installed when the ClientHello callback passes.
    var chosenCertificate: TLSIdentity?
    /// Set once the peer's plaintext stream ended: true after close_notify, false after a bare TCP EOF.
    var readEnded: Bool?
    var closeNotifySent = false
    /// The last alert this side sent and the last it received (recorded by the info callback).
    public internal(set) var alertSent: TLSAlert?
    public internal(set) var alertReceived: TLSAlert?
    /// `write(_:)` stops taking plaintext while this much ciphertext waits to be written: that is the
    /// session's share of the connection's backpressure.
    public var outputLimit: Int
    /// A client session's context's session cache (held, so it outlives the context if need be) and its key there,
    /// the server name the session was made for; nil when the context does not resume.
    var resumption: (cache: ClientSessionCache, key: String)?

    /// A server session. `certificate` replaces the context's for this connection only (the
    /// `tls_certificate` fault); `clientHello` is the `tls_handshake` fault's hook.
    public convenience init(
        server context: TLSServerContext,
        certificate: TLSIdentity? = nil,
        clientHello: ClientHelloAction = .proceed,
        outputLimit: Int = 64 << 10
    ) throws(TLSError) {
        try self.init(context: context.ctx, role: .server, clientHello: clientHello, outputLimit: outputLimit)
        if let certificate { try certificate.install(on: ssl) }
    }

    /// A client session. `serverName` is sent as SNI (unless it is an IP address) and, when the context
    /// verifies, is the name the server's certificate must match; nil skips both (`verify: false` only).
    public convenience init(
        client context: TLSClientContext,
        serverName: String?,
        outputLimit: Int = 64 << 10
    ) throws(TLSError) {
        try self.init(context: context.ctx, role: .client, clientHello: .proceed, outputLimit: outputLimit)
        resumption = context.sessions.map { ($0, serverName ?? "") }
        try context.prepare(ssl, serverName: serverName)
    }

    private init(
        context: OpaquePointer,
        role: Role,
        clientHello: ClientHelloAction,
        outputLimit: Int
    ) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context) else {
            throw .library(operation: "SSL_new", reason: OpenSSLErrorQueue.drain())
        }
        let io = SessionIO()
        guard let bio = SessionBIO.make(io) else {
            SSL_free(ssl)
            throw .library(operation: "BIO_new", reason: OpenSSLErrorQueue.drain())
        }
        // One BIO for both directions: SSL_set_bio takes the single reference BIO_new gave us.
        SSL_set_bio(ssl, bio, bio)
        role == .server ? SSL_set_accept_state(ssl) : SSL_set_connect_state(ssl)
        self.ssl = ssl
        self.io = io
        self.role = role
        self.clientHelloAction = clientHello
        self.outputLimit = outputLimit
        // The callbacks find this session through the SSL's app data; the session outlives its SSL.
        _ = shim_SSL_set_app_data(ssl, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { SSL_free(ssl) }

    /// The session an OpenSSL callback is running for.
    static func session(of ssl: OpaquePointer?) -> TLSSession? {
        shim_SSL_get_app_data(ssl).map { Unmanaged<TLSSession>.fromOpaque($0).takeUnretainedValue() }
    }

    /// True once the handshake has completed (and until the session fails).
    public var isEstablished: Bool {
        if case .established = phase { return true }
        return false
    }

    /// The failure that ended the session, if it has failed.
    public var failure: TLSFailure? {
        if case .failed(let failure) = phase { return failure }
        return nil
    }

    /// Ciphertext held in memory (received but unread, produced but unwritten), for the connection's budget.
    public var bufferedCiphertext: Int { io.inbound.count + io.outbound.count }

    /// Records a failure from OpenSSL's error queue and the verification result, and makes it sticky.
    func fail(duringHandshake: Bool) -> TLSFailure {
        let refusedCertificate = OpenSSLErrorQueue.peekReason() == SSL_R_CERTIFICATE_VERIFY_FAILED
        let reason = OpenSSLErrorQueue.drain()
        var verification: TLSVerificationError?
        // The stored result is only the cause when verification is what failed (with verify off it is still set).
        let result = Int32(SSL_get_verify_result(ssl))
        if refusedCertificate && result != X509_V_OK {
            let text = X509_verify_cert_error_string(Int(result)).map { String(cString: $0) } ?? "error \(result)"
            verification = TLSVerificationError(code: result, reason: text)
        }
        let failure = TLSFailure(
            reason: reason,
            verification: verification,
            alertSent: alertSent.flatMap { $0.isFatal ? $0 : nil },
            alertReceived: alertReceived.flatMap { $0.isFatal ? $0 : nil },
            duringHandshake: duringHandshake
        )
        phase = .failed(failure)
        return failure
    }
}
