/// Protocol settings a listener or an upstream may change: ALPN, versions and ciphers. The defaults are
/// OpenSSL's modern ones: TLS 1.2 and 1.3, OpenSSL's default cipher order, no ALPN.
import COpenSSL

public struct TLSOptions: Equatable, Sendable {
    public enum Version: Equatable, Sendable {
        case tls12
        case tls13

        var openSSL: Int32 { self == .tls12 ? TLS1_2_VERSION : TLS1_3_VERSION }
    }

    /// Protocols to offer (client) or accept (server), preferred first (`["http/1.1"]`); empty: no ALPN.
    public var alpn: [String]
    public var minimumVersion: Version
    /// nil: the newest OpenSSL speaks (TLS 1.3).
    public var maximumVersion: Version?
    /// TLS 1.3 suites in OpenSSL's syntax (`TLS_AES_128_GCM_SHA256:…`); nil keeps OpenSSL's default.
    public var cipherSuites: String?
    /// TLS 1.2 ciphers in OpenSSL's syntax (`ECDHE-ECDSA-AES128-GCM-SHA256:…`); nil keeps OpenSSL's default.
    public var cipherList: String?

    public init(
        alpn: [String] = [],
        minimumVersion: Version = .tls12,
        maximumVersion: Version? = nil,
        cipherSuites: String? = nil,
        cipherList: String? = nil
    ) {
        self.alpn = alpn
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.cipherSuites = cipherSuites
        self.cipherList = cipherList
    }
}
