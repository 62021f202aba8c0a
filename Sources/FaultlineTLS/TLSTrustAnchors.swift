/// Certificates trusted as issuers: the `ca` of an upstream, the `client_ca` of an mTLS listener, the auto CA.
import COpenSSL

public final class TLSTrustAnchors: @unchecked Sendable {
    /// One reference each; never modified after init, so shared between loops like `TLSIdentity`.
    let certificates: [OpaquePointer]

    init(certificates: [OpaquePointer]) { self.certificates = certificates }

    deinit { certificates.forEach { X509_free($0) } }

    /// Every certificate in a PEM file; errors name the file.
    public static func load(file: String) throws(TLSError) -> TLSTrustAnchors {
        TLSTrustAnchors(certificates: try PEM.certificates(try PEM.read(file), source: file))
    }

    /// Every certificate in PEM text; `source` names it in errors.
    public convenience init(pem: String, source: String = "PEM text") throws(TLSError) {
        self.init(certificates: try PEM.certificates(Array(pem.utf8), source: source))
    }

    public var pem: String { certificates.map(PEM.text(of:)).joined() }

    /// Adds every certificate to a context's verification store.
    func add(toContext ctx: OpaquePointer) throws(TLSError) {
        guard let store = SSL_CTX_get_cert_store(ctx) else {
            throw .library(operation: "SSL_CTX_get_cert_store", reason: OpenSSLErrorQueue.drain())
        }
        for certificate in certificates {
            OpenSSLErrorQueue.clear()
            guard X509_STORE_add_cert(store, certificate) == 1 else {
                throw .library(operation: "X509_STORE_add_cert", reason: OpenSSLErrorQueue.drain())
            }
        }
    }

    /// The subjects, as the CertificateRequest's list of acceptable issuers (mTLS).
    func announce(onContext ctx: OpaquePointer) {
        guard let names = shim_sk_X509_NAME_new_null() else { return }
        for certificate in certificates {
            if let name = X509_NAME_dup(X509_get_subject_name(certificate)) { _ = shim_sk_X509_NAME_push(names, name) }
        }
        SSL_CTX_set_client_CA_list(ctx, names)
    }
}
