/// The system's trusted CAs (`verify` without `ca`), read once per process into one shared in-memory store.
///
/// OpenSSL's default paths include a hashed directory it reads lazily, during handshakes: file I/O on the loop.
/// Loading the bundle up front (`SSL_CERT_FILE`, else OpenSSL's default `cert.pem`) keeps every handshake in
/// memory, and sharing one store keeps the ~140 certificates in memory once, not once per upstream.
import COpenSSL
import FaultlinePosix

enum SystemTrustStore {
    /// Gives `ctx` the shared store, or OpenSSL's default paths when there is no bundle to load.
    static func attach(to ctx: OpaquePointer) throws(TLSError) {
        if let store = shared.store {
            SSL_CTX_set1_cert_store(ctx, store)
            return
        }
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_set_default_verify_paths(ctx) == 1 else {
            throw .library(operation: "SSL_CTX_set_default_verify_paths", reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Loaded on first use; X509_STORE locks its own lookups, so every loop may verify against it.
    private final class Shared: @unchecked Sendable {
        let store: OpaquePointer?

        init() {
            let path = Environment.value("SSL_CERT_FILE") ?? String(cString: X509_get_default_cert_file())
            OpenSSLErrorQueue.clear()
            guard let store = X509_STORE_new() else {
                self.store = nil
                return
            }
            if X509_STORE_load_file(store, path) == 1 {
                self.store = store
            } else {
                _ = OpenSSLErrorQueue.drain()
                X509_STORE_free(store)
                self.store = nil
            }
        }
    }

    private static let shared = Shared()
}
