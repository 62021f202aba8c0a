/// What a session negotiated, for logs, metrics and routing: version, cipher, ALPN, SNI, the peer's name.
import COpenSSL

extension TLSSession {
    /// True when the handshake resumed an earlier session (no certificate was sent or checked).
    public var isResumed: Bool { SSL_session_reused(ssl) == 1 }

    /// `TLSv1.3`, `TLSv1.2`, …; meaningful once established.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated cipher suite (`TLS_AES_256_GCM_SHA384`), nil before the handshake.
    public var cipherSuite: String? {
        SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
    }

    /// The ALPN protocol both sides agreed on (`http/1.1`), nil when none was.
    public var applicationProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// On a server, the SNI name the client asked for; on a client, the one it sent.
    public var serverName: String? {
        SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
    }

    /// The subject of the certificate the peer presented (`CN=client.test`), nil when it sent none.
    public var peerCertificateSubject: String? {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { return nil }
        return X509Text.name(X509_get_subject_name(certificate))
    }
}
