/// PEM in and out: certificates and private keys parsed from bytes, and written back as text.
import COpenSSL
import FaultlinePosix

enum PEM {
    /// The largest PEM file read: a certificate bundle is far smaller; anything bigger is a mistake.
    static let fileLimit = 4 << 20

    /// Reads `path` through FaultlinePosix, so an unreadable file is reported with the system's reason.
    static func read(_ path: String) throws(TLSError) -> [UInt8] {
        do throws(Errno) {
            return try FileReader.read(path, limit: fileLimit)
        } catch {
            throw .unreadableFile(path: path, reason: error.description)
        }
    }

    /// Every certificate in `bytes`, in order (other PEM blocks are skipped); at least one. The caller owns one
    /// reference to each. `source` names the file in errors.
    static func certificates(_ bytes: [UInt8], source: String) throws(TLSError) -> [OpaquePointer] {
        let parsed: Result<[OpaquePointer], TLSError> = withMemoryBIO(bytes) { bio in
            var found: [OpaquePointer] = []
            while true {
                OpenSSLErrorQueue.clear()
                if let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                    found.append(certificate)
                    continue
                }
                // Running out of PEM blocks after at least one certificate is the normal end of the file.
                if !found.isEmpty && OpenSSLErrorQueue.peekReason() == PEM_R_NO_START_LINE {
                    OpenSSLErrorQueue.clear()
                    return .success(found)
                }
                found.forEach { X509_free($0) }
                return .failure(
                    .invalidFile(path: source, reason: "no PEM certificate: " + OpenSSLErrorQueue.drain(details: true)))
            }
        }
        return try parsed.get()
    }

    /// The first private key in `bytes`. An encrypted key is refused (there is nobody to ask for a password).
    static func privateKey(_ bytes: [UInt8], source: String) throws(TLSError) -> OpaquePointer {
        let parsed: Result<OpaquePointer, TLSError> = withMemoryBIO(bytes) { bio in
            OpenSSLErrorQueue.clear()
            guard let key = PEM_read_bio_PrivateKey(bio, nil, refusePassword, nil) else {
                return .failure(
                    .invalidFile(
                        path: source, reason: "no usable PEM private key: " + OpenSSLErrorQueue.drain(details: true)))
            }
            return .success(key)
        }
        return try parsed.get()
    }

    static func text(of certificate: OpaquePointer) -> String {
        X509Text.printed { bio in PEM_write_bio_X509(bio, certificate) == 1 } ?? ""
    }

    /// The key as PKCS#8 PEM, for the CA's 0600 key file only. The caller wipes the bytes when done.
    static func privateKeyBytes(_ key: OpaquePointer) throws(TLSError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw .library(operation: "BIO_new", reason: OpenSSLErrorQueue.drain())
        }
        // Freeing a memory BIO clears its buffer (OPENSSL_clear_free), so only the returned copy remains.
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 else {
            throw .library(operation: "PEM_write_bio_PrivateKey", reason: OpenSSLErrorQueue.drain())
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Overwrites key material held in a Swift array before it is released.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }

    private static let refusePassword:
        @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?)
            -> Int32 = { _, _, _, _ in -1 }

    private static func withMemoryBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> Result<T, TLSError>) -> Result<
        T, TLSError
    > {
        bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                return .failure(.library(operation: "BIO_new_mem_buf", reason: OpenSSLErrorQueue.drain()))
            }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }
}
