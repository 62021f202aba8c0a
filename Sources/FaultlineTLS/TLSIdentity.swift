/// A certificate, the chain that goes with it and its private key: what a server presents, or a client for mTLS.
///
/// Immutable once made and shared freely between loops: OpenSSL reference-counts and locks X509 and EVP_PKEY.
/// The key never leaves this object except into the CA's own 0600 file; nothing here prints or encodes it.
import COpenSSL

public final class TLSIdentity: @unchecked Sendable, CustomStringConvertible {
    let certificate: OpaquePointer
    let chain: [OpaquePointer]
    let key: OpaquePointer
    /// `chain` as the STACK_OF(X509) OpenSSL's setters take; the stack holds no references of its own.
    private let chainStack: OpaquePointer

    /// Takes ownership of one reference to each certificate and to the key.
    init(certificate: OpaquePointer, chain: [OpaquePointer], key: OpaquePointer) throws(TLSError) {
        guard let stack = shim_sk_X509_new_null() else {
            chain.forEach { X509_free($0) }
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw .library(operation: "sk_X509_new_null", reason: OpenSSLErrorQueue.drain())
        }
        for link in chain { _ = shim_sk_X509_push(stack, link) }
        self.certificate = certificate
        self.chain = chain
        self.key = key
        self.chainStack = stack
    }

    deinit {
        shim_sk_X509_free(chainStack)
        chain.forEach { X509_free($0) }
        X509_free(certificate)
        EVP_PKEY_free(key)
    }

    /// Loads a certificate (followed by its intermediates) and its key from PEM files. Every error names the
    /// file: unreadable, no certificate or key in it, a key that is not the certificate's, or a certificate
    /// outside its validity period (`requireValidNow`, which fault certificates turn off).
    public static func load(
        certificateFile: String,
        keyFile: String,
        requireValidNow: Bool = true
    ) throws(TLSError) -> TLSIdentity {
        // Both files are read before anything is parsed: an unreadable key file must not strand parsed certificates.
        let certificateBytes = try PEM.read(certificateFile)
        var keyBytes = try PEM.read(keyFile)
        defer { PEM.wipe(&keyBytes) }
        let certificates = try PEM.certificates(certificateBytes, source: certificateFile)
        let key: OpaquePointer
        do throws(TLSError) {
            key = try PEM.privateKey(keyBytes, source: keyFile)
        } catch {
            certificates.forEach { X509_free($0) }
            throw error
        }
        let identity = try TLSIdentity(certificate: certificates[0], chain: Array(certificates.dropFirst()), key: key)
        OpenSSLErrorQueue.clear()
        guard X509_check_private_key(identity.certificate, key) == 1 else {
            throw .keyMismatch(certificatePath: certificateFile, keyPath: keyFile, reason: OpenSSLErrorQueue.drain())
        }
        if requireValidNow, let problem = identity.validityProblem() {
            throw .certificateNotValid(path: certificateFile, reason: problem)
        }
        return identity
    }

    /// The certificate and its chain as PEM (never the key).
    public var certificatePEM: String { ([certificate] + chain).map(PEM.text(of:)).joined() }

    /// The certificate's subject, `CN=localhost,O=Faultline`.
    public var subject: String { X509Text.name(X509_get_subject_name(certificate)) ?? "?" }

    /// `CN=localhost,O=Faultline (valid until Jan  2 03:04:05 2030 GMT)`: safe to log.
    public var description: String { "\(subject) (valid until \(X509Text.time(X509_get0_notAfter(certificate))))" }

    /// Why the certificate cannot be used now (`certificate has expired (notAfter …)`), or nil when it can.
    func validityProblem() -> String? {
        if X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0 {
            return "certificate has expired (notAfter \(X509Text.time(X509_get0_notAfter(certificate))))"
        }
        if X509_cmp_current_time(X509_get0_notBefore(certificate)) > 0 {
            return "certificate is not yet valid (notBefore \(X509Text.time(X509_get0_notBefore(certificate))))"
        }
        return nil
    }

    /// Seconds until the certificate expires (negative once it has), read with OpenSSL's clock.
    func secondsUntilExpiry() -> Int {
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, nil, X509_get0_notAfter(certificate)) == 1 else { return 0 }
        return Int(days) * 86_400 + Int(seconds)
    }

    /// Presents this identity on one connection (the per-session certificate of `tls_certificate`).
    func install(on ssl: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard SSL_use_cert_and_key(ssl, certificate, key, chainStack, 1) == 1 else {
            throw .library(operation: "SSL_use_cert_and_key", reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Presents this identity on every connection of a context.
    func install(onContext ctx: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_cert_and_key(ctx, certificate, key, chainStack, 1) == 1 else {
            throw .library(operation: "SSL_CTX_use_cert_and_key", reason: OpenSSLErrorQueue.drain())
        }
    }
}
