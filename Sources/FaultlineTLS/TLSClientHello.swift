/// What a suspended server session learnt from the client's first message, to choose a certificate by.
public struct TLSClientHello: Equatable, Sendable {
    /// The host name from the server_name extension (SNI), lower-cased; nil when the client sent none.
    public var serverName: String?

    public init(serverName: String?) { self.serverName = serverName }

    /// Parses the server_name extension body (RFC 6066 §3): a 2-byte list length, then entries of a 1-byte
    /// type and a 2-byte length. The first host_name entry wins; a malformed body is read as "no name".
    static func serverName(fromExtension body: UnsafeBufferPointer<UInt8>) -> String? {
        guard body.count >= 2 else { return nil }
        let listLength = Int(body[0]) << 8 | Int(body[1])
        guard listLength + 2 <= body.count else { return nil }
        var offset = 2
        while offset + 3 <= listLength + 2 {
            let type = body[offset]
            let length = Int(body[offset + 1]) << 8 | Int(body[offset + 2])
            offset += 3
            guard offset + length <= listLength + 2 else { return nil }
            if type == 0 {
                let name = String(decoding: body[offset..<offset + length], as: UTF8.self)
                return name.isEmpty ? nil : name.lowercased()
            }
            offset += length
        }
        return nil
    }
}
