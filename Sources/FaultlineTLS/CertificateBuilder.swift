/// Making keys and X.509 certificates with OpenSSL: the auto CA, its leaves and the fault certificates.
///
/// Keys are EC P-256 (fast to make and to sign with). Validity is given in seconds relative to OpenSSL's own
/// clock (`X509_gmtime_adj`), the clock every peer's verification uses too; nothing here reads time itself.
import COpenSSL

enum CertificateBuilder {
    enum Role {
        /// A CA that signs leaves only (pathlen 0).
        case authority
        /// A server (and client) certificate.
        case leaf
    }

    static func newKey() throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let key = shim_EVP_EC_gen_P256() else {
            throw .library(operation: "EVP_EC_gen", reason: OpenSSLErrorQueue.drain())
        }
        return key
    }

    /// A certificate for `key`, signed by `issuer` (or by `key` itself when nil: self-signed). The caller owns it.
    static func certificate(
        commonName: String,
        names: [SubjectName],
        role: Role,
        key: OpaquePointer,
        validFrom: Int,
        validUntil: Int,
        issuer: TLSIdentity?
    ) throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let certificate = X509_new() else {
            throw .library(operation: "X509_new", reason: OpenSSLErrorQueue.drain())
        }
        do throws(TLSError) {
            try fill(certificate, commonName: commonName, names: names, role: role, key: key, issuer: issuer)
            X509_gmtime_adj(X509_getm_notBefore(certificate), validFrom)
            X509_gmtime_adj(X509_getm_notAfter(certificate), validUntil)
            guard X509_sign(certificate, issuer?.key ?? key, EVP_sha256()) > 0 else {
                throw TLSError.library(operation: "X509_sign", reason: OpenSSLErrorQueue.drain())
            }
        } catch {
            X509_free(certificate)
            throw error
        }
        return certificate
    }

    private static func fill(
        _ certificate: OpaquePointer,
        commonName: String,
        names: [SubjectName],
        role: Role,
        key: OpaquePointer,
        issuer: TLSIdentity?
    ) throws(TLSError) {
        X509_set_version(certificate, 2)
        try setSerial(certificate)
        guard let subject = X509_NAME_new() else {
            throw .library(operation: "X509_NAME_new", reason: OpenSSLErrorQueue.drain())
        }
        defer { X509_NAME_free(subject) }
        // A CN is at most 64 characters (RFC 5280 ub-common-name); the SANs carry the real names.
        X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, "Faultline", -1, -1, 0)
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, String(commonName.prefix(64)), -1, -1, 0)
        X509_set_subject_name(certificate, subject)
        X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0.certificate) } ?? subject)
        X509_set_pubkey(certificate, key)
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.certificate ?? certificate, certificate, nil, nil, 0)
        switch role {
        case .authority:
            try addExtension(certificate, NID_basic_constraints, "critical,CA:TRUE,pathlen:0", &context)
            try addExtension(certificate, NID_key_usage, "critical,keyCertSign,cRLSign", &context)
            try addExtension(certificate, NID_subject_key_identifier, "hash", &context)
        case .leaf:
            try addExtension(certificate, NID_basic_constraints, "critical,CA:FALSE", &context)
            try addExtension(certificate, NID_key_usage, "critical,digitalSignature", &context)
            try addExtension(certificate, NID_ext_key_usage, "serverAuth,clientAuth", &context)
            try addExtension(certificate, NID_subject_key_identifier, "hash", &context)
            if issuer != nil { try addExtension(certificate, NID_authority_key_identifier, "keyid:always", &context) }
            try addSubjectAltNames(certificate, names)
        }
    }

    /// 127 random bits: unique enough that browsers and OpenSSL never see two certificates with one serial.
    private static func setSerial(_ certificate: OpaquePointer) throws(TLSError) {
        guard let number = BN_new() else { throw .library(operation: "BN_new", reason: OpenSSLErrorQueue.drain()) }
        defer { BN_free(number) }
        guard BN_rand(number, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
            BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil
        else {
            throw .library(operation: "BN_rand", reason: OpenSSLErrorQueue.drain())
        }
    }

    private static func addExtension(
        _ certificate: OpaquePointer,
        _ nid: Int32,
        _ value: String,
        _ context: inout X509V3_CTX
    ) throws(TLSError) {
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw .library(operation: "X509V3_EXT_conf_nid(\(value))", reason: OpenSSLErrorQueue.drain())
        }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(certificate, ext, -1) == 1 else {
            throw .library(operation: "X509_add_ext", reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Built entry by entry rather than from a "DNS:a,IP:b" string, so no name can smuggle in another entry.
    private static func addSubjectAltNames(_ certificate: OpaquePointer, _ names: [SubjectName]) throws(TLSError) {
        guard !names.isEmpty else { return }
        guard let list = shim_GENERAL_NAMES_new() else {
            throw .library(operation: "GENERAL_NAMES_new", reason: OpenSSLErrorQueue.drain())
        }
        defer { shim_GENERAL_NAMES_free(list) }
        for name in names {
            guard let entry = name.generalName() else {
                throw .invalidSetting(field: "names", reason: "\(name.text): \(OpenSSLErrorQueue.drain())")
            }
            _ = shim_GENERAL_NAMES_push(list, entry)
        }
        guard X509_add1_ext_i2d(certificate, NID_subject_alt_name, UnsafeMutableRawPointer(list), 0, 0) == 1 else {
            throw .library(operation: "X509_add1_ext_i2d", reason: OpenSSLErrorQueue.drain())
        }
    }
}
