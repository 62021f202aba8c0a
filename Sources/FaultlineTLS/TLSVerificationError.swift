/// A refused certificate: OpenSSL's X509_V_ERR code and its text (`certificate has expired`).
public struct TLSVerificationError: Hashable, Sendable, CustomStringConvertible {
    public let code: Int32
    public let reason: String

    public init(code: Int32, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(reason) (X509_V_ERR \(code))" }

    // The codes the fault certificates provoke, as OpenSSL numbers them (x509_vfy.h).
    public static let notYetValid: Int32 = 9
    public static let expired: Int32 = 10
    public static let selfSignedLeaf: Int32 = 18
    public static let selfSignedInChain: Int32 = 19
    public static let unableToGetIssuerLocally: Int32 = 20
    public static let hostnameMismatch: Int32 = 62
}
