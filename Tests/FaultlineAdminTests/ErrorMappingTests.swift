/// THE error map: every `FaultlineError` case, its status and its Toxiproxy-shaped body.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@Suite struct ErrorMappingTests {
    @Test(
        arguments: [
            (FaultlineError.badRequestBody("EOF"), 400, "bad request body: EOF"),
            (.missingField("name"), 400, "missing required field: name"),
            (.missingFieldAtProxy(field: "upstream", index: 3), 400, "missing required field: upstream at proxy 3"),
            (.invalidStream, 400, "stream was invalid, can be either upstream or downstream"),
            (.invalidToxicType, 400, "invalid toxic type"),
            (
                .invalidValue(field: "mode", reason: "must be delay or drop"), 400,
                "invalid value for mode: must be delay or drop"
            ),
            (.proxyNotFound, 404, "proxy not found"),
            (.toxicNotFound, 404, "toxic not found"),
            (.proxyAlreadyExists, 409, "proxy already exists"),
            (.toxicAlreadyExists, 409, "toxic already exists"),
            (
                .listenFailed(address: "127.0.0.1:3310", reason: "bind: address already in use"), 500,
                "listen tcp 127.0.0.1:3310: bind: address already in use"
            ),
            (
                .listenFailed(address: "", reason: "address badaddr: missing port in address"), 500,
                "listen tcp: address badaddr: missing port in address"
            ),
            (
                .invalidAddress(address: "nope", reason: "missing port in address"), 500,
                "address nope: missing port in address"
            ),
            (.internalError("boom"), 500, "boom"),
        ] as [(FaultlineError, Int, String)]
    )
    func everyCase(error: FaultlineError, code: Int, message: String) {
        #expect(AdminAPI.status(for: error).code == code)
        let response = AdminAPI.errorResponse(error)
        #expect(response.status.code == code)
        #expect(response.bodyText == "{\"error\":\"\(message)\",\"status\":\(code)}\n")
        #expect(
            response.headers.fields == [
                HTTPHeaders.Field(name: "Content-Type", value: "text/plain; charset=utf-8"),
                HTTPHeaders.Field(name: "X-Content-Type-Options", value: "nosniff"),
            ]
        )
    }

    @Test func messagesAreJSONEscaped() {
        let response = AdminAPI.errorResponse(.badRequestBody("invalid character '\"' after object key:value pair <x>"))
        #expect(
            response.bodyText
                == #"{"error":"bad request body: invalid character '\"' after object key:value pair \u003cx\u003e","status":400}"#
                + "\n"
        )
    }
}
