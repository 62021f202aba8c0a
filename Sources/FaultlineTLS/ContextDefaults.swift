/// The settings every Faultline SSL_CTX shares: TLS 1.2 and later, small idle sessions, no renegotiation.
import COpenSSL

enum ContextDefaults {
    static func make(server: Bool, options: TLSOptions) throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else {
            throw .library(operation: "SSL_CTX_new", reason: OpenSSLErrorQueue.drain())
        }
        do throws(TLSError) {
            try apply(options, to: ctx)
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        // RELEASE_BUFFERS frees the ~34 KiB of record buffers whenever they are empty, which is what keeps an
        // idle session small. Partial writes make each SSL_write one record, so `outputLimit` is honoured.
        let modes = SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
        _ = shim_SSL_CTX_set_mode(ctx, Int(modes))
        var options = shim_SSL_OP_NO_RENEGOTIATION() | shim_SSL_OP_NO_COMPRESSION()
        if server { options |= shim_SSL_OP_CIPHER_SERVER_PREFERENCE() }
        _ = SSL_CTX_set_options(ctx, options)
        // Read ahead: OpenSSL takes everything buffered in one BIO call rather than a header and a body per record.
        shim_SSL_CTX_set_read_ahead(ctx, 1)
        // No stateful server cache (it would grow with every client); TLS 1.3 tickets still allow resumption.
        _ = shim_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
        SSL_CTX_set_info_callback(ctx, TLSSession.infoCallback)
        return ctx
    }

    private static func apply(_ options: TLSOptions, to ctx: OpaquePointer) throws(TLSError) {
        guard shim_SSL_CTX_set_min_proto_version(ctx, options.minimumVersion.openSSL) == 1,
            shim_SSL_CTX_set_max_proto_version(ctx, options.maximumVersion?.openSSL ?? 0) == 1
        else {
            throw .invalidSetting(field: "version", reason: OpenSSLErrorQueue.drain())
        }
        if let suites = options.cipherSuites, SSL_CTX_set_ciphersuites(ctx, suites) != 1 {
            throw .invalidSetting(field: "cipher_suites", reason: "\(suites): \(OpenSSLErrorQueue.drain())")
        }
        if let list = options.cipherList, SSL_CTX_set_cipher_list(ctx, list) != 1 {
            throw .invalidSetting(field: "ciphers", reason: "\(list): \(OpenSSLErrorQueue.drain())")
        }
    }
}
