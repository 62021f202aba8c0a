/// The locked-down admin API over real sockets: Unix socket modes, bearer tokens, read-only, the allowlist, health.
import FaultlineAdmin
import FaultlineClient
import FaultlineCore
import FaultlinePosix
import FaultlineServer
import Glibc
import Testing

@Suite(.serialized) struct AdminGateSocketTests {
    static let token = "s3cret-token"
    static let tokenGate = AdminGate(token: Array(token.utf8))

    @Test func aUnixSocketAloneIsOwnerOnlyAndGoneAfterStop() throws {
        let path = try GatedServer.socketPath()
        defer { GatedServer.remove(socketPath: path) }
        var server: GatedServer? = try GatedServer(socket: AdminSocket(path: path), tcp: false)
        #expect(server?.handle.adminPort == nil, "no TCP listener")
        let status = try FileStatus.ofLink(path)
        #expect(status.isSocket && status.permissions == 0o600)
        // The CLI's client and a raw HTTP client both reach the API through it.
        let client = try Client(url: "unix://\(path)")
        #expect(try client.version() == "2.12.0")
        try client.create(ProxySpec(name: "web", listen: "127.0.0.1:0", upstream: "127.0.0.1:9"))
        #expect(try server?.unix().send("GET", "/proxies").bodyText.contains("\"web\"") == true)
        server = nil
        #expect(access(path, F_OK) != 0, "the socket file is removed at shutdown")
    }

    @Test func aGroupMakesTheSocket0660AndItsGroupOwnsIt() throws {
        let path = try GatedServer.socketPath()
        defer { GatedServer.remove(socketPath: path) }
        let server = try GatedServer(socket: AdminSocket(path: path, group: getgid()))
        let status = try FileStatus.ofLink(path)
        #expect(status.permissions == 0o660 && status.group == getgid())
        #expect(server.handle.adminPort != nil, "beside TCP")
        #expect(try server.unix().send("GET", "/version").status == 200)
    }

    @Test func aStaleSocketIsReplacedButALiveOneOrAFileIsRefused() throws {
        let path = try GatedServer.socketPath()
        defer { GatedServer.remove(socketPath: path) }
        // A socket file nobody listens on any more (a server that was killed): closing leaves the file.
        do { _ = try LocalSocket.listen(path: path, mode: 0o600, group: nil) }
        #expect(try FileStatus.ofLink(path).isSocket)
        let live = try GatedServer(socket: AdminSocket(path: path), tcp: false)
        #expect(try live.unix().send("GET", "/version").status == 200)
        do {
            _ = try GatedServer(socket: AdminSocket(path: path), tcp: false)
            Issue.record("a socket a live server answers on must be refused")
        } catch let error as BootError {
            #expect(error.error.message == "listen unix \(path): bind: address already in use")
        }

        let file = try GatedServer.socketPath()
        defer { GatedServer.remove(socketPath: file) }
        let handle = fopen(file, "w")
        fclose(handle)
        do {
            _ = try GatedServer(socket: AdminSocket(path: file), tcp: false)
            Issue.record("a regular file at the socket path must be refused")
        } catch let error as BootError {
            #expect(error.error.message.contains("file exists"), "\(error.error.message)")
        }
    }

    @Test func withATokenEveryRouteButHealthAndVersionNeedsIt() throws {
        let server = try GatedServer(gate: Self.tokenGate)
        let client = try server.tcp()
        for target in ["/proxies", "/proxies/x/toxics", "/metrics"] {
            let refused = try client.send("GET", target)
            #expect(refused.status == 401, "\(target)")
            #expect(refused.bodyText == "{\"error\":\"missing or invalid bearer token\",\"status\":401}\n")
            #expect(refused.header("Content-Type") == "application/json; charset=utf-8")
            #expect(refused.header("WWW-Authenticate") == "Bearer realm=\"faultline\"")
        }
        let wrong = try client.send("GET", "/proxies", extra: "Authorization: Bearer s3cret-tokeN\r\n")
        #expect(wrong.status == 401)
        let prefix = try client.send("GET", "/proxies", extra: "Authorization: Bearer s3cret\r\n")
        #expect(prefix.status == 401)
        let right = try client.send("GET", "/proxies", extra: "Authorization: bearer \(Self.token)\r\n")
        #expect(right.status == 200 && right.bodyText == "{}")
        #expect(try client.send("GET", "/version").status == 200)
        #expect(try client.send("GET", "/healthz").bodyText == "{\"status\":\"ok\"}\n")
        #expect(try client.send("GET", "/readyz").bodyText == "{\"status\":\"ready\"}\n")
    }

    @Test func aRefusedWriteChangesNothing() throws {
        let server = try GatedServer(gate: Self.tokenGate)
        let client = try server.tcp()
        let body = #"{"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
        #expect(try client.send("POST", "/proxies", body, extra: "Authorization: Bearer nope\r\n").status == 401)
        #expect(try client.send("POST", "/reset", extra: "Authorization: Basic Zm9vOmJhcg==\r\n").status == 401)
        let list = try client.send("GET", "/proxies", extra: "Authorization: Bearer \(Self.token)\r\n")
        #expect(list.bodyText == "{}")
        // The Swift client sends the token it is given, over TCP and the Unix socket alike.
        let port = try #require(server.handle.adminPort)
        try Client(url: "127.0.0.1:\(port)", token: Self.token)
            .create(ProxySpec(name: "web", listen: "127.0.0.1:0", upstream: "127.0.0.1:9"))
        #expect(throws: ClientError.api(status: 401, message: "missing or invalid bearer token")) {
            try Client(url: "127.0.0.1:\(port)").proxies()
        }
    }

    @Test func readOnlyAnswersReadsAndRefusesWrites() throws {
        let server = try GatedServer(gate: AdminGate(readOnly: true))
        let client = try server.tcp()
        let body = #"{"name":"web","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
        for (method, target) in [("POST", "/proxies"), ("DELETE", "/proxies/web"), ("POST", "/reset"), ("PATCH", "/proxies/web")] {
            let refused = try client.send(method, target, method == "POST" ? body : nil)
            #expect(refused.status == 403, "\(method) \(target)")
            #expect(refused.bodyText.contains("read-only"))
        }
        #expect(try client.send("GET", "/proxies").bodyText == "{}")
        #expect(try client.send("GET", "/version").status == 200)
    }

    @Test func theAllowlistClosesOtherPeersBeforeReading() throws {
        let path = try GatedServer.socketPath()
        defer { GatedServer.remove(socketPath: path) }
        let gate = AdminGate(allowed: [try #require(AddressRange("127.0.0.2/32"))])
        let server = try GatedServer(gate: gate, socket: AdminSocket(path: path))
        let outsider = try server.tcp(from: "127.0.0.1")
        try? outsider.socket.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(outsider.closedByServer(), "no answer, only a close")
        let insider = try server.tcp(from: "127.0.0.2")
        #expect(try insider.send("GET", "/proxies").status == 200)
        // The allowlist is for TCP peers; the Unix socket has its file mode.
        #expect(try server.unix().send("GET", "/proxies").status == 200)
        #expect(server.logs.contains("admin connection refused: not in --admin-allow"))
    }

    @Test func healthRoutesAnswerGetAndHeadOnly() throws {
        let server = try GatedServer()
        let client = try server.tcp()
        let live = try client.send("GET", "/healthz")
        #expect(live.status == 200 && live.header("Content-Type") == "application/json; charset=utf-8")
        #expect(live.header("Server")?.hasPrefix("faultline/") == true && live.header("Date") != nil)
        #expect(try client.send("HEAD", "/readyz").status == 200)
        let post = try client.send("POST", "/healthz")
        #expect(post.status == 405 && post.body.isEmpty)
    }
}
