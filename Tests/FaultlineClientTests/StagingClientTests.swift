/// The clients' staging additions: `unix://` admin URLs, the bearer token on the wire, `--admin` before a command.
@testable import FaultlineClient
import Testing

@testable import faultline

@Suite struct StagingClientTests {
    @Test func unixURLsNameASocket() throws {
        let endpoint = try Endpoint(parsing: "unix:///run/faultline/admin.sock")
        #expect(endpoint.socketPath == "/run/faultline/admin.sock")
        #expect(endpoint.authority == "localhost", "the Host header curl --unix-socket sends too")
        #expect(endpoint.description == "unix:///run/faultline/admin.sock")
        #expect(throws: ClientError.invalidEndpoint("unix://", reason: "no socket path after unix://")) {
            try Endpoint(parsing: "unix://")
        }
        #expect(throws: ClientError.invalidEndpoint("unix:/run/x", reason: "write a Unix socket as unix:///absolute/path")) {
            try Endpoint(parsing: "unix:/run/x")
        }
    }

    @Test func theTokenTravelsAsABearerHeader() throws {
        let transport = BlockingTransport(
            endpoint: .default, userAgent: "t", connectTimeout: .seconds(1), responseTimeout: .seconds(1),
            token: "abc")
        let head = String(decoding: transport.requestBytes(.get, "/proxies", body: nil), as: UTF8.self)
        #expect(head.contains("\r\nAuthorization: Bearer abc\r\n"))
        let anonymous = BlockingTransport(
            endpoint: .default, userAgent: "t", connectTimeout: .seconds(1), responseTimeout: .seconds(1))
        #expect(!String(decoding: anonymous.requestBytes(.get, "/", body: nil), as: UTF8.self).contains("Authorization"))
    }

    @Test func aMissingOrEmptyTokenFileIsNamed() {
        #expect(throws: ClientError.invalidToken("/nonexistent/t", reason: "cannot read: no such file or directory")) {
            try Client.token(fromFile: "/nonexistent/t")
        }
        #expect(throws: ClientError.invalidToken("/dev/null", reason: "empty")) { try Client.token(fromFile: "/dev/null") }
    }

    @Test func adminMovesAfterTheCommandLikeHost() {
        let moved = HostOption.hoisted(["--admin", "unix:///s", "list"], clientCommands: Faultline.clientCommands)
        #expect(moved == ["list", "--admin", "unix:///s"])
        #expect(
            HostOption.hoisted(["--admin=h:1", "ls"], clientCommands: Faultline.clientCommands) == ["ls", "--admin=h:1"])
    }

    @Test func exitMappingSaysWhereATokenComesFrom() {
        let failure = ExitMapping.Failure.client(.api(status: 401, message: "missing or invalid bearer token"), .listProxies)
        #expect(
            ExitMapping.message(for: failure)
                == "Failed to retrieve proxies: HTTP 401: missing or invalid bearer token (set FAULTLINE_TOKEN or pass --token-file)")
        #expect(ExitMapping.exitCode(for: failure) == 1)
        #expect(ExitMapping.exitCode(for: .client(.invalidToken("t", reason: "empty"), .readToken)) == 64)
    }
}
