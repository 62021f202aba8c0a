/// The settings of one TLS listener (a proxy's `tls.listen`, or the admin API): its certificate, optional client
/// certificate verification (mTLS) and the ALPN protocols it accepts. Sessions are made from it with
/// `TLSSession(server:)`.
///
/// Immutable after init, so one context serves every loop: OpenSSL allows SSL_new on a shared SSL_CTX.
import COpenSSL

public final class TLSServerContext: @unchecked Sendable {
    let ctx: OpaquePointer
    /// The certificate every session presents unless it is given another.
    public let identity: TLSIdentity
    /// Set when client certificates are required and checked against these issuers.
    public let clientCertificateAuthorities: TLSTrustAnchors?
    /// The ALPN list the selection callback reads; freed with the context.
    private let alpnList: UnsafeMutablePointer<ALPN.ServerList>?
    private let alpnBytes: UnsafeMutablePointer<UInt8>?

    /// - Parameters:
    ///   - clientCertificateAuthorities: require a client certificate issued by one of these (mTLS `client_ca`).
    ///   - options: ALPN protocols this listener speaks (preferred first; no overlap means no ALPN, not a
    ///     failure), versions and ciphers.
    public init(
        identity: TLSIdentity,
        clientCertificateAuthorities: TLSTrustAnchors? = nil,
        options: TLSOptions = TLSOptions()
    ) throws(TLSError) {
        let wire = try ALPN.wire(options.alpn, field: "alpn")
        let ctx = try ContextDefaults.make(server: true, options: options)
        do throws(TLSError) {
            try identity.install(onContext: ctx)
            if let authorities = clientCertificateAuthorities {
                try authorities.add(toContext: ctx)
                authorities.announce(onContext: ctx)
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
            }
            // Resumed sessions must come from this context; OpenSSL refuses resumption with client certificates
            // unless a session id context is set.
            let label: [UInt8] = Array("faultline".utf8)
            guard SSL_CTX_set_session_id_context(ctx, label, UInt32(label.count)) == 1 else {
                throw TLSError.library(operation: "SSL_CTX_set_session_id_context", reason: OpenSSLErrorQueue.drain())
            }
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        SSL_CTX_set_client_hello_cb(ctx, TLSSession.clientHelloCallback, nil)
        _ = shim_SSL_CTX_set_tlsext_servername_callback(ctx, TLSSession.serverNameCallback)
        if wire.isEmpty {
            alpnList = nil
            alpnBytes = nil
        } else {
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: wire.count)
            for (offset, byte) in wire.enumerated() { (bytes + offset).initialize(to: byte) }
            let list = UnsafeMutablePointer<ALPN.ServerList>.allocate(capacity: 1)
            list.initialize(to: ALPN.ServerList(bytes: UnsafePointer(bytes), count: UInt32(wire.count)))
            SSL_CTX_set_alpn_select_cb(ctx, ALPN.select, list)
            alpnList = list
            alpnBytes = bytes
        }
        self.ctx = ctx
        self.identity = identity
        self.clientCertificateAuthorities = clientCertificateAuthorities
    }

    /// A listener from the files of `tls.listen.cert` / `tls.listen.key` (and `client_ca`); errors name the file.
    public convenience init(
        certificateFile: String,
        keyFile: String,
        clientCAFile: String? = nil,
        options: TLSOptions = TLSOptions()
    ) throws(TLSError) {
        let identity = try TLSIdentity.load(certificateFile: certificateFile, keyFile: keyFile)
        let authorities = try clientCAFile.map { file throws(TLSError) in try TLSTrustAnchors.load(file: file) }
        try self.init(identity: identity, clientCertificateAuthorities: authorities, options: options)
    }

    deinit {
        SSL_CTX_free(ctx)
        alpnList?.deallocate()
        alpnBytes?.deallocate()
    }
}
