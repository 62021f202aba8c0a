/// THE map from `FaultlineError` to HTTP: one exhaustive switch, and Toxiproxy's error bodies.
import FaultlineCore
import FaultlineHTTP

extension AdminAPI {
    /// The status Toxiproxy answers each error with. Adding an error case without a status does not compile.
    public static func status(for error: FaultlineError) -> HTTPStatus {
        switch error {
        case .badRequestBody, .missingField, .missingFieldAtProxy, .invalidStream, .invalidToxicType, .invalidValue:
            .badRequest
        case .proxyNotFound, .toxicNotFound:
            .notFound
        case .proxyAlreadyExists, .toxicAlreadyExists:
            .conflict
        case .listenFailed, .invalidAddress, .internalError:
            .internalServerError
        }
    }

    /// `{"error":"…","status":N}\n` as `text/plain; charset=utf-8` with `nosniff`: Toxiproxy sets JSON, then
    /// Go's `http.Error` overwrites the type and appends the newline.
    public static func errorResponse(_ error: FaultlineError) -> HTTPResponse {
        let status = status(for: error)
        var writer = JSONWriter()
        writer.raw("{\"error\":")
        writer.string(error.message)
        writer.raw(",\"status\":\(status.code)}\n")
        return HTTPResponse(
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
            body: writer.bytes
        )
    }

    /// /populate's answer, success or not: `application/json`, `{"error":…,"status":…,"proxies":[…]}` with the
    /// error keys only on failure and `null` for no proxies; no trailing newline.
    static func populateResponse(proxies: [ProxySnapshot], error: FaultlineError?) -> HTTPResponse {
        var writer = JSONWriter()
        writer.raw("{")
        var status = HTTPStatus.created
        if let error {
            status = Self.status(for: error)
            writer.raw("\"error\":")
            writer.string(error.message)
            writer.raw(",\"status\":\(status.code),")
        }
        writer.raw("\"proxies\":")
        if proxies.isEmpty {
            writer.raw("null")
        } else {
            writer.raw("[")
            for (index, proxy) in proxies.enumerated() {
                if index > 0 { writer.raw(",") }
                proxy.writeJSON(into: &writer)
            }
            writer.raw("]")
        }
        writer.raw("}")
        return json(writer.bytes, status: status)
    }
}
