/// Faultline's own CA for `"auto": true` listeners: made once per `--state-dir`, it issues leaf certificates
/// for the listen names (cached) and the fault certificates of `tls_certificate`.
///
/// Confined to the thread that owns the proxy table (the first loop): it keeps caches. What it hands out —
/// `TLSIdentity` and `TLSTrustAnchors` — is immutable and Sendable, so worker loops receive those, not the CA.
import COpenSSL

public final class CertificateAuthority {
    /// Where this CA came from, for one line in the server's log.
    public enum Origin: Equatable, Sendable {
        case created
        case reused
        /// The files in the state directory were unusable (the reason says why) and were replaced.
        case replaced(reason: String)
        /// Made in memory only (no state directory): tests, or a throwaway CA.
        case ephemeral
    }

    public let origin: Origin
    /// The CA's certificate and key; the key signs leaves and is written only to the CA's own 0600 file.
    let authority: TLSIdentity
    private var leaves: [String: TLSIdentity] = [:]
    var faultCache: [String: TLSIdentity] = [:]
    /// The CA nobody trusts, behind the `untrusted` fault; made on first use.
    var untrustedAuthority: TLSIdentity?

    /// How long the CA and its leaves are valid, and how long before expiry they are replaced.
    static let authorityLifetime = 10 * 365 * 86_400
    static let leafLifetime = 365 * 86_400
    static let renewalMargin = 7 * 86_400
    /// Leaves start an hour early so that a peer whose clock is a little behind still accepts them.
    static let backdating = 3_600

    init(authority: TLSIdentity, origin: Origin) {
        self.authority = authority
        self.origin = origin
    }

    /// A CA that lives only in memory.
    public static func ephemeral(name: String = "Faultline Test CA") throws(TLSError) -> CertificateAuthority {
        CertificateAuthority(authority: try makeAuthority(name: name), origin: .ephemeral)
    }

    /// The CA certificate as PEM, what `GET /tls/ca.pem` serves. Never the key.
    public var certificatePEM: String { PEM.text(of: authority.certificate) }

    /// The CA as a trust anchor, for clients that should trust it (tests, upstream contexts).
    public var trustAnchors: TLSTrustAnchors {
        X509_up_ref(authority.certificate)
        return TLSTrustAnchors(certificates: [authority.certificate])
    }

    /// A leaf for `names` (DNS names and IP addresses; the first is also its CN), issued once and cached until
    /// it nears expiry. Errors name the offending entry as `names[i]`.
    public func identity(for names: [String]) throws(TLSError) -> TLSIdentity {
        let parsed = try Self.parse(names)
        let cacheKey = parsed.map(\.text).joined(separator: ",")
        if let cached = leaves[cacheKey], cached.secondsUntilExpiry() > Self.renewalMargin { return cached }
        let leaf = try issue(parsed, validFrom: -Self.backdating, validUntil: Self.leafLifetime)
        leaves[cacheKey] = leaf
        return leaf
    }

    /// Issues a leaf signed by `issuer` (this CA unless given), valid over the given offsets from now; with
    /// `sendIssuer` the issuer's certificate goes in the chain the server presents.
    func issue(
        _ names: [SubjectName],
        validFrom: Int,
        validUntil: Int,
        issuer: TLSIdentity? = nil,
        sendIssuer: Bool = false
    ) throws(TLSError) -> TLSIdentity {
        let signer = issuer ?? authority
        let key = try CertificateBuilder.newKey()
        let certificate: OpaquePointer
        do throws(TLSError) {
            certificate = try CertificateBuilder.certificate(
                commonName: names.first?.text ?? "faultline", names: names, role: .leaf, key: key,
                validFrom: validFrom, validUntil: validUntil, issuer: signer)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        if sendIssuer { X509_up_ref(signer.certificate) }
        return try TLSIdentity(certificate: certificate, chain: sendIssuer ? [signer.certificate] : [], key: key)
    }

    static func parse(_ names: [String]) throws(TLSError) -> [SubjectName] {
        guard !names.isEmpty else { throw .invalidSetting(field: "names", reason: "at least one name is needed") }
        var parsed: [SubjectName] = []
        for (index, name) in names.enumerated() {
            parsed.append(try SubjectName.parse(name, field: "names[\(index)]"))
        }
        return parsed
    }

    /// A new self-signed CA whose CN ends in a random tag, so two Faultline CAs never share a subject (OpenSSL
    /// finds issuers by subject, and a clash would make chains from one CA look as if they came from the other).
    static func makeAuthority(name: String) throws(TLSError) -> TLSIdentity {
        var tag = [UInt8](repeating: 0, count: 4)
        guard RAND_bytes(&tag, Int32(tag.count)) == 1 else {
            throw .library(operation: "RAND_bytes", reason: OpenSSLErrorQueue.drain())
        }
        let hex = tag.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let key = try CertificateBuilder.newKey()
        let certificate: OpaquePointer
        do throws(TLSError) {
            certificate = try CertificateBuilder.certificate(
                commonName: "\(name) \(hex)", names: [], role: .authority, key: key,
                validFrom: -backdating, validUntil: authorityLifetime, issuer: nil)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        return try TLSIdentity(certificate: certificate, chain: [], key: key)
    }
}
