/// Why a TLS setting could not be used: each case names the file or field and OpenSSL's (or the system's) reason.
///
/// These are configuration failures, found before any connection exists; a failure of one connection is a
/// `TLSFailure`. No case ever carries key material: reasons are OpenSSL's error strings and file paths only.
public enum TLSError: Error, Equatable, Sendable {
    /// A file could not be read (missing, no permission, too large): the path and the system's reason.
    case unreadableFile(path: String, reason: String)
    /// A file was read but does not hold what it should (not PEM, no certificate, an encrypted or broken key).
    case invalidFile(path: String, reason: String)
    /// The private key in `keyPath` does not belong to the certificate in `certificatePath`.
    case keyMismatch(certificatePath: String, keyPath: String, reason: String)
    /// The certificate in `path` is outside its validity period.
    case certificateNotValid(path: String, reason: String)
    /// A setting that cannot be used: an empty or over-long ALPN name, a name a certificate cannot hold, …
    case invalidSetting(field: String, reason: String)
    /// The CA's state directory could not be created or written.
    case stateDirectory(path: String, reason: String)
    /// An OpenSSL call failed where only a broken installation or exhausted memory could make it fail.
    case library(operation: String, reason: String)

    /// One line for the operator, starting with what it is about: `/etc/tls/key.pem: not a PEM private key: …`.
    public var message: String {
        switch self {
        case .unreadableFile(let path, let reason): "\(path): cannot read: \(reason)"
        case .invalidFile(let path, let reason): "\(path): \(reason)"
        case .keyMismatch(let certificate, let key, let reason):
            "\(key): private key does not match the certificate in \(certificate): \(reason)"
        case .certificateNotValid(let path, let reason): "\(path): \(reason)"
        case .invalidSetting(let field, let reason): "\(field): \(reason)"
        case .stateDirectory(let path, let reason): "\(path): \(reason)"
        case .library(let operation, let reason): "\(operation) failed: \(reason)"
        }
    }
}

extension TLSError: CustomStringConvertible {
    public var description: String { message }
}
