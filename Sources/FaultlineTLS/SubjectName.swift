/// A name a certificate is issued for: a DNS name or an IP address, each a subjectAltName entry.
import COpenSSL

enum SubjectName: Hashable, Sendable {
    case dns(String)
    case ip(String)

    /// Reads `text` (`localhost`, `*.example.test`, `127.0.0.1`, `::1`, `[::1]`); `field` names it in errors.
    static func parse(_ text: String, field: String) throws(TLSError) -> SubjectName {
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if isIPAddress(trimmed) { return .ip(trimmed) }
        let name = text.lowercased()
        guard (1...253).contains(name.utf8.count) else {
            throw .invalidSetting(field: field, reason: "a DNS name has 1 to 253 characters")
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label == "*" && index == 0 && labels.count > 2 { continue }
            guard (1...63).contains(label.utf8.count),
                label.utf8.allSatisfy({ isNameByte($0) }),
                label.first != "-", label.last != "-"
            else {
                throw .invalidSetting(field: field, reason: "\(text) is neither a DNS name nor an IP address")
            }
        }
        return .dns(name)
    }

    /// True for an IPv4 or IPv6 literal, as OpenSSL reads them.
    static func isIPAddress(_ text: String) -> Bool {
        guard let octets = a2i_IPADDRESS(text) else {
            _ = OpenSSLErrorQueue.drain()
            return false
        }
        ASN1_OCTET_STRING_free(octets)
        return true
    }

    var text: String {
        switch self {
        case .dns(let name), .ip(let name): name
        }
    }

    /// The GENERAL_NAME for the subjectAltName extension; the caller owns it.
    func generalName() -> UnsafeMutablePointer<GENERAL_NAME>? {
        switch self {
        case .dns(let name): a2i_GENERAL_NAME(nil, nil, nil, GEN_DNS, name, 0)
        case .ip(let address): a2i_GENERAL_NAME(nil, nil, nil, GEN_IPADD, address, 0)
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
            UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
