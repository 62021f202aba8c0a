/// The admin gate as a pure function: CIDR blocks, the token comparison, what each request needs, health answers.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import Testing

@testable import FaultlineAdmin

@Suite struct AdminGateTests {
    private func request(_ method: HTTPMethod, _ path: String, authorization: String? = nil) -> HTTPRequest {
        HTTPRequest(method: method, path: path, headers: HTTPHeaders(authorization.map { [.init(name: "Authorization", value: $0)] } ?? []))
    }

    @Test(arguments: [
        ("10.0.0.0/8", [UInt8]([10, 200, 3, 4]), true), ("10.0.0.0/8", [11, 0, 0, 1], false),
        ("127.0.0.1", [127, 0, 0, 1], true), ("127.0.0.1", [127, 0, 0, 2], false),
        ("192.168.1.128/25", [192, 168, 1, 200], true), ("192.168.1.128/25", [192, 168, 1, 127], false),
        ("0.0.0.0/0", [8, 8, 8, 8], true),
        // An IPv4 peer on a dual-stack listener arrives IPv4-mapped.
        ("10.0.0.0/8", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 1, 2, 3], true),
        ("::1", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], true),
        ("fd00::/8", [0xFD, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9], true),
        ("fd00::/8", [0xFE, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9], false),
        ("::1", [127, 0, 0, 1], false),
    ])
    func blocksMatchAddresses(block: String, address: [UInt8], inside: Bool) throws {
        #expect(try #require(AddressRange(block)).contains(address) == inside)
    }

    @Test(arguments: ["", "10.0.0.0/33", "10.0.0/8", "010.0.0.1", "::1/129", "1:2:3:4:5:6:7:8:9", "1::2::3", "x", "10.0.0.0/+8", "10.0.0.0/"])
    func malformedBlocksAreRefused(text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test func blocksKeepOnlyTheirNetworkBits() throws {
        #expect(try #require(AddressRange("10.1.2.3/8")).description == "10.0.0.0/8")
        #expect(try #require(AddressRange("2001:db8::1/32")).description == "2001:db8:0:0:0:0:0:0/32")
        #expect(try #require(AddressRange("::ffff:1.2.3.4")).network == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4])
    }

    @Test func tokensCompareWholeAndExact() {
        let expected = Array("s3cret".utf8)
        #expect(AdminGate.constantTimeEqual(expected, expected))
        for other in ["", "s3cre", "s3cret!", "S3cret", "s3cres", "\0\0\0\0\0\0"] {
            #expect(!AdminGate.constantTimeEqual(Array(other.utf8), expected), "\(other)")
        }
    }

    @Test func whatEachRequestNeeds() {
        #expect(AdminGate.access(for: request(.get, "/version")) == .open)
        #expect(AdminGate.access(for: request(.head, "/readyz")) == .open)
        #expect(AdminGate.access(for: request(.get, "/healthz")) == .open)
        #expect(AdminGate.access(for: request(.get, "/proxies")) == .read)
        #expect(AdminGate.access(for: request(.post, "/version")) == .write)
        #expect(AdminGate.access(for: request(.delete, "/proxies/web")) == .write)
    }

    @Test func anOpenGateChecksNothing() {
        let gate = AdminGate()
        #expect(gate.check(request(.post, "/reset"), access: .write) == nil)
        #expect(gate.admits(peer: [192, 0, 2, 1]))
    }

    @Test func theTokenIsAskedBeforeReadOnly() throws {
        let gate = AdminGate(token: Array("t".utf8), readOnly: true)
        let anonymous = try #require(gate.check(request(.post, "/reset"), access: .write))
        #expect(anonymous.status.code == 401)
        let writer = try #require(gate.check(request(.post, "/reset", authorization: "Bearer t"), access: .write))
        #expect(writer.status.code == 403)
        #expect(gate.check(request(.get, "/proxies", authorization: "BEARER  t"), access: .read) == nil)
        #expect(gate.check(request(.get, "/version"), access: .open) == nil)
    }

    @Test func readinessSaysWhyNot() throws {
        let ready = try #require(Health.respond(to: request(.get, "/readyz")) { Health.Readiness() })
        #expect(ready.status.code == 200 && ready.bodyText == "{\"status\":\"ready\"}\n")
        let draining = try #require(
            Health.respond(to: request(.get, "/readyz")) { Health.Readiness(draining: true, down: ["web"]) })
        #expect(draining.status.code == 503)
        #expect(draining.bodyText == "{\"status\":\"not ready\",\"draining\":true,\"down\":[\"web\"]}\n")
        #expect(Health.respond(to: request(.get, "/proxies")) { Health.Readiness() } == nil)
        #expect(Health.respond(to: request(.delete, "/healthz")) { Health.Readiness() }?.status.code == 405)
    }
}
