/// ALPN protocol lists in their wire form (length-prefixed names) and the server's choice among them.
import COpenSSL

enum ALPN {
    /// `["h2", "http/1.1"]` → `\x02h2\x08http/1.1`; each name 1…255 bytes.
    static func wire(_ protocols: [String], field: String) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for (index, name) in protocols.enumerated() {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw .invalidSetting(field: "\(field)[\(index)]", reason: "an ALPN name has 1 to 255 bytes")
            }
            wire.append(UInt8(bytes.count))
            wire += bytes
        }
        return wire
    }

    /// The server's pick: its first protocol the client also offered. No overlap means no ALPN (the handshake
    /// goes on), which is what a proxy in front of an older server wants. `argument` is the server's wire list,
    /// owned by its `TLSServerContext`.
    static let select:
        @convention(c) (
            OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
            UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?
        ) -> Int32 = { _, out, outLength, offered, offeredLength, argument in
            guard let argument, let out, let outLength else { return SSL_TLSEXT_ERR_NOACK }
            let list = argument.assumingMemoryBound(to: ServerList.self).pointee
            var chosen: UnsafeMutablePointer<UInt8>?
            let result = SSL_select_next_proto(&chosen, outLength, list.bytes, list.count, offered, offeredLength)
            guard result == OPENSSL_NPN_NEGOTIATED, let chosen else { return SSL_TLSEXT_ERR_NOACK }
            out.pointee = UnsafePointer(chosen)
            return SSL_TLSEXT_ERR_OK
        }

    /// The server's list where the C callback can reach it: a pointer and a length.
    struct ServerList {
        var bytes: UnsafePointer<UInt8>
        var count: UInt32
    }
}
