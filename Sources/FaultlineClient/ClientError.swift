/// Why a client call failed: the server said no, it could not be reached, or it answered something unreadable.
import FaultlineCore

public enum ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A non-2xx answer; `message` is the body's `error` text (`proxy not found`), else the body or reason phrase.
    case api(status: Int, message: String)
    /// The admin API could not be reached, or the exchange broke off or timed out.
    case transport(TransportError)
    /// A 2xx answer that is not what the admin API sends; the text says what was wrong.
    case decoding(String)
    /// `--host`/`TOXIPROXY_URL` is not a usable admin URL.
    case invalidEndpoint(String, reason: String)
    /// `--token-file` could not be used (missing, unreadable or empty).
    case invalidToken(String, reason: String)

    /// Go's client wording for API errors (`HTTP 404: proxy not found`), so messages read like toxiproxy-cli's.
    public var description: String {
        switch self {
        case .api(let status, let message): "HTTP \(status): \(message)"
        case .transport(let error): error.description
        case .decoding(let detail): "unexpected response: \(detail)"
        case .invalidEndpoint(let text, let reason): "invalid admin URL '\(text)': \(reason)"
        case .invalidToken(let path, let reason): "token file \(path): \(reason)"
        }
    }

    /// The domain error an API answer stands for, when its text is one of Toxiproxy's catalogue texts; lets a
    /// caller write `catch let error as ClientError where error.apiError == .proxyNotFound`.
    public var apiError: FaultlineError? {
        guard case .api(_, let message) = self else { return nil }
        let fixed: [FaultlineError] = [
            .proxyNotFound, .toxicNotFound, .proxyAlreadyExists, .toxicAlreadyExists, .invalidStream,
            .invalidToxicType,
        ]
        if let match = fixed.first(where: { $0.message == message }) { return match }
        let badBody = FaultlineError.badRequestBody("").message
        if message.hasPrefix(badBody) { return .badRequestBody(String(message.dropFirst(badBody.count))) }
        let missing = FaultlineError.missingField("").message
        if message.hasPrefix(missing), !message.contains(" at proxy ") {
            return .missingField(String(message.dropFirst(missing.count)))
        }
        return nil
    }
}
