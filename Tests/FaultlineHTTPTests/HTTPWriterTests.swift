/// Response serialisation: Go's framing headers, versions, keep-alive and HEAD.
import FaultlineHTTP
import Testing

private func text(_ response: HTTPResponse, _ request: HTTPRequest?) -> String {
    String(decoding: HTTPWriter.serialize(response, replyingTo: request), as: UTF8.self)
}

@Suite struct HTTPWriterTests {
    private let get = HTTPRequest(method: .get, path: "/", headers: [("Host", "x")])

    @Test func headersInOrderThenContentLength() {
        let response = HTTPResponse(
            status: .ok,
            headers: [("Content-Type", "application/json"), ("Date", "D")],
            body: Array("{}".utf8)
        )
        #expect(
            text(response, get)
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: D\r\nContent-Length: 2\r\n\r\n{}"
        )
        #expect(HTTPWriter.keepsAlive(after: response, replyingTo: get))
    }

    @Test func noContentHasNoLength() {
        #expect(text(HTTPResponse(status: .noContent), get) == "HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test func emptyBodiesStillSayZero() {
        #expect(
            text(HTTPResponse(status: .methodNotAllowed), get)
                == "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
        )
    }

    @Test func headGetsHeadersOnly() {
        let head = HTTPRequest(method: .head, path: "/", headers: [("Host", "x")])
        #expect(
            text(HTTPResponse(status: .notFound, body: Array("404 page not found\n".utf8)), head)
                == "HTTP/1.1 404 Not Found\r\nContent-Length: 19\r\n\r\n"
        )
    }

    @Test func closingConnections() {
        let closing = HTTPRequest(method: .get, path: "/", headers: [("Host", "x"), ("Connection", "close")])
        #expect(
            text(HTTPResponse(status: .ok), closing)
                == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        #expect(!HTTPWriter.keepsAlive(after: HTTPResponse(status: .ok), replyingTo: closing))
        #expect(
            text(HTTPResponse(status: .badRequest, body: Array("x".utf8), closesConnection: true), nil)
                == "HTTP/1.1 400 Bad Request\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"
        )
        #expect(!HTTPWriter.keepsAlive(after: HTTPResponse(status: .ok, closesConnection: true), replyingTo: get))
    }

    @Test func http10Clients() {
        let plain = HTTPRequest(method: .get, path: "/", version: .http10)
        #expect(text(HTTPResponse(status: .ok), plain) == "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        let keepAlive = HTTPRequest(method: .get, path: "/", version: .http10, headers: [("Connection", "keep-alive")])
        #expect(
            text(HTTPResponse(status: .ok), keepAlive)
                == "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"
        )
    }

    @Test func headerValuesCannotSplitTheHead() {
        let response = HTTPResponse(status: .movedPermanently, headers: [("Location", "/a\r\nX-Evil: 1")])
        #expect(
            text(response, get)
                == "HTTP/1.1 301 Moved Permanently\r\nLocation: /a  X-Evil: 1\r\nContent-Length: 0\r\n\r\n"
        )
    }

    @Test func continueResponse() {
        #expect(String(decoding: HTTPWriter.continueResponse, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
    }
}

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"), (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"), (1_767_225_599, "Wed, 31 Dec 2025 23:59:59 GMT"),
        (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
    ])
    func formats(seconds: Int64, text: String) {
        #expect(HTTPDate.format(unixSeconds: seconds) == text)
    }
}
