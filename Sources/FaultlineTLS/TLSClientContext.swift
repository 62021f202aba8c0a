/// The settings of TLS towards one upstream (a proxy's `tls.upstream`): whether and against what to verify the
/// server, the client certificate for mTLS upstreams, and the ALPN protocols to offer. Sessions are made from it
/// with `TLSSession(client:serverName:)`, which sets SNI and the name to verify per connection.
///
/// Immutable after init, so one context serves every loop.
import COpenSSL

public final class TLSClientContext: @unchecked Sendable {
    let ctx: OpaquePointer
    public let verifiesPeer: Bool
    /// The sessions upstream servers issued, offered again on new connections (nil: every handshake is full).
    let sessions: ClientSessionCache?

    /// - Parameters:
    ///   - verify: check the server's chain and name (the default); false accepts any certificate.
    ///   - trustAnchors: issuers to trust (`ca`); nil uses the system's bundle (`SSL_CERT_FILE`, else
    ///     `/usr/lib/ssl/cert.pem`), loaded once per process.
    ///   - identity: a client certificate to present when the server asks (mTLS upstreams).
    ///   - options: ALPN protocols to offer (preferred first), versions and ciphers.
    ///   - resumeSessions: offer each server the session it last issued for the same name (TLS 1.3 tickets), so
    ///     most handshakes skip the signature and the chain verification; HAProxy's `server … ssl` does the same.
    public init(
        verify: Bool = true,
        trustAnchors: TLSTrustAnchors? = nil,
        identity: TLSIdentity? = nil,
        options: TLSOptions = TLSOptions(),
        resumeSessions: Bool = true
    ) throws(TLSError) {
        let wire = try ALPN.wire(options.alpn, field: "alpn")
        let ctx = try ContextDefaults.make(server: false, options: options)
        do throws(TLSError) {
            if verify {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
                if let trustAnchors {
                    try trustAnchors.add(toContext: ctx)
                } else {
                    try SystemTrustStore.attach(to: ctx)
                }
            } else {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
            }
            try identity?.install(onContext: ctx)
            // Unlike nearly every OpenSSL setter, this one returns 0 on success.
            if !wire.isEmpty && SSL_CTX_set_alpn_protos(ctx, wire, UInt32(wire.count)) != 0 {
                throw TLSError.library(operation: "SSL_CTX_set_alpn_protos", reason: OpenSSLErrorQueue.drain())
            }
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        self.ctx = ctx
        self.verifiesPeer = verify
        sessions = resumeSessions ? ClientSessionCache() : nil
        if resumeSessions {
            // Client sessions go to our cache only: OpenSSL's own store would grow with every server.
            let mode = SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE
            _ = shim_SSL_CTX_set_session_cache_mode(ctx, Int(mode))
            SSL_CTX_sess_set_new_cb(ctx, ClientSessionCache.newSession)
        }
    }

    deinit { SSL_CTX_free(ctx) }

    /// Per connection: SNI for a host name (never for an IP literal, RFC 6066 §3), and when verifying, the
    /// name or address the certificate must carry.
    func prepare(_ ssl: OpaquePointer, serverName: String?) throws(TLSError) {
        sessions?.offer(serverName ?? "", on: ssl)
        guard let name = serverName, !name.isEmpty else { return }
        OpenSSLErrorQueue.clear()
        if SubjectName.isIPAddress(name) {
            if verifiesPeer && X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) != 1 {
                throw .invalidSetting(field: "sni", reason: "not a usable IP address: \(OpenSSLErrorQueue.drain())")
            }
            return
        }
        guard shim_SSL_set_tlsext_host_name(ssl, name) == 1 else {
            throw .invalidSetting(field: "sni", reason: OpenSSLErrorQueue.drain())
        }
        if verifiesPeer {
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard SSL_set1_host(ssl, name) == 1 else {
                throw .invalidSetting(field: "sni", reason: OpenSSLErrorQueue.drain())
            }
        }
    }
}
