/// Certificate names and times as text, through OpenSSL's printers and a memory BIO.
import COpenSSL

enum X509Text {
    /// `CN=localhost,O=Faultline` (RFC 2253 order and escaping).
    static func name(_ name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        return printed { bio in X509_NAME_print_ex(bio, name, 0, shim_XN_FLAG_RFC2253()) >= 0 }
    }

    /// `Jan  2 03:04:05 2030 GMT`.
    static func time(_ time: UnsafePointer<ASN1_TIME>?) -> String {
        guard let time else { return "?" }
        return printed { bio in ASN1_TIME_print(bio, time) == 1 } ?? "?"
    }

    /// Runs `print` against a fresh memory BIO and returns what it wrote.
    static func printed(_ print: (OpaquePointer) -> Bool) -> String? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard print(bio) else {
            _ = OpenSSLErrorQueue.drain()
            return nil
        }
        return contents(of: bio)
    }

    /// The bytes a memory BIO holds, as text.
    static func contents(of bio: OpaquePointer) -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
