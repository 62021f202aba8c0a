/// The certificates of the `tls_certificate` toxic, each wrong in exactly one way, cached per mode and names.
import COpenSSL

extension CertificateAuthority {
    /// The only name a `wrong_host` certificate carries; `.invalid` can never be anyone's real host (RFC 2606).
    public static let wrongHostName = "wrong-host.faultline.invalid"

    /// The certificate to present instead of the real one under `fault`, for a listener serving `names`.
    /// Hand it to `TLSSession(server:certificate:)` for the connections the toxic applies to.
    public func faultIdentity(_ fault: TLSCertificateFault, for names: [String]) throws(TLSError) -> TLSIdentity {
        let parsed = try Self.parse(names)
        let cacheKey = fault.rawValue + " " + parsed.map(\.text).joined(separator: ",")
        if let cached = faultCache[cacheKey], fault == .expired || cached.secondsUntilExpiry() > Self.renewalMargin {
            return cached
        }
        let identity = try makeFaultIdentity(fault, parsed)
        faultCache[cacheKey] = identity
        return identity
    }

    private func makeFaultIdentity(_ fault: TLSCertificateFault, _ names: [SubjectName]) throws(TLSError)
        -> TLSIdentity
    {
        let day = 86_400
        switch fault {
        case .expired:
            return try issue(names, validFrom: -30 * day, validUntil: -day)
        case .notYetValid:
            return try issue(names, validFrom: 365 * day, validUntil: 730 * day)
        case .wrongHost:
            return try issue([.dns(Self.wrongHostName)], validFrom: -Self.backdating, validUntil: Self.leafLifetime)
        case .selfSigned:
            let key = try CertificateBuilder.newKey()
            let certificate: OpaquePointer
            do throws(TLSError) {
                certificate = try CertificateBuilder.certificate(
                    commonName: names.first?.text ?? "faultline", names: names, role: .leaf, key: key,
                    validFrom: -Self.backdating, validUntil: Self.leafLifetime, issuer: nil)
            } catch {
                EVP_PKEY_free(key)
                throw error
            }
            return try TLSIdentity(certificate: certificate, chain: [], key: key)
        case .untrusted:
            // The throwaway CA travels in the chain, so the client sees a complete chain and still refuses it.
            let stranger: TLSIdentity
            if let existing = untrustedAuthority {
                stranger = existing
            } else {
                stranger = try Self.makeAuthority(name: "Faultline Untrusted CA")
                untrustedAuthority = stranger
            }
            return try issue(
                names, validFrom: -Self.backdating, validUntil: Self.leafLifetime, issuer: stranger, sendIssuer: true)
        }
    }
}
