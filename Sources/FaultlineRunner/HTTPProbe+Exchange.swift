/// The request an http probe sends and how its response is judged (status ranges, `bodyContains`).
import FaultlineCore
import FaultlineExperiment
import FaultlineHTTP

extension HTTPProbe {
    /// `METHOD target HTTP/1.1` with Host, User-Agent and `Connection: close` unless the file sets them; no body.
    func requestBytes(userAgent: String) -> [UInt8] {
        func given(_ name: String) -> Bool { headers.contains { $0.name.lowercased() == name.lowercased() } }
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if !given("Host") {
            let bracketed = host.contains(":") ? "[\(host)]" : host
            head += "Host: \(port == 80 ? bracketed : "\(bracketed):\(port)")\r\n"
        }
        if !given("User-Agent") { head += "User-Agent: \(userAgent)\r\n" }
        if !given("Connection") { head += "Connection: close\r\n" }
        if !given("Content-Length") && (method == "POST" || method == "PUT" || method == "PATCH") {
            head += "Content-Length: 0\r\n"
        }
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    /// Success when the status matches one of `status` and the body contains `bodyContains` (if given); the status
    /// travels with the result either way, for the report's per-status counts.
    func evaluate(_ response: HTTPResponse, latency: Duration) -> ProbeResult {
        let code = response.status.code
        guard accepts(status: code) else {
            return .answered(status: code, .failure(reason: "status \(code)", latency: latency))
        }
        if let bodyContains, !ByteSearch.contains(response.body, Array(bodyContains.utf8)) {
            return .answered(status: code, .failure(reason: "body lacks \"\(bodyContains)\"", latency: latency))
        }
        return .answered(status: code, .success(latency: latency))
    }

    /// The parser's method (HEAD responses have no body).
    var parserMethod: HTTPMethod { HTTPMethod(rawValue: method) }
}
