/// Which `Host` values name the admin address, for each way `--host` can bind it.
import FaultlineAdmin
import Testing

@Suite struct AdminAuthorityTests {
    @Test func loopbackByName() {
        let authority = AdminAuthority(configuredHost: "localhost", boundHost: "127.0.0.1")
        for host in ["localhost:8474", "127.0.0.1:8474", "LocalHost:8474", "localhost", "127.0.0.1:32768"] {
            #expect(authority.allows(hostHeader: host), "\(host)")
        }
        for host in ["evil.example:8474", "localhost.:8474", "[::1]:8474", ":8474", "localhost:8474x",
                     "localhost:-1", "[127.0.0.1]:8474", "127.0.0.2:8474"] {
            #expect(!authority.allows(hostHeader: host), "\(host)")
        }
        #expect(!authority.allows(hostHeader: nil))
    }

    @Test func ipv6Loopback() {
        let authority = AdminAuthority(configuredHost: "::1", boundHost: "::1")
        #expect(authority.allows(hostHeader: "[::1]:9000"))
        #expect(authority.allows(hostHeader: "localhost:9000"))
        #expect(authority.allows(hostHeader: "[::1]"))
        #expect(!authority.allows(hostHeader: "[::1:9000"))
        #expect(!authority.allows(hostHeader: "127.0.0.1:9000"))
    }

    /// Bound to every interface: any IP literal may reach it (an IP literal cannot be rebound), names may not.
    @Test func wildcard() {
        let authority = AdminAuthority(configuredHost: "0.0.0.0", boundHost: "::")
        for host in ["192.168.1.5:8474", "[fe80::1]:8474", "localhost:8474", "10.0.0.1:8474"] {
            #expect(authority.allows(hostHeader: host), "\(host)")
        }
        for host in ["evil.example:8474", "0.0.0.0.evil:8474", "1.2.3:8474", "1.2.3.4.5:8474", "300.1.1.1x:8474"] {
            #expect(!authority.allows(hostHeader: host), "\(host)")
        }
    }

    @Test func aConfiguredNameIsTheAdminsOwn() {
        let authority = AdminAuthority(configuredHost: "chaos.internal", boundHost: "10.1.2.3")
        #expect(authority.allows(hostHeader: "chaos.internal:8474"))
        #expect(authority.allows(hostHeader: "10.1.2.3:8474"))
        #expect(!authority.allows(hostHeader: "localhost:8474"))
    }

    /// With `--admin-tls-cert` the page is served over HTTPS, so its calls carry an `https://` origin.
    @Test func theOriginSchemeFollowsTheAdminAPIsTransport() {
        let plain = AdminAuthority(configuredHost: "localhost", boundHost: "127.0.0.1")
        let secure = AdminAuthority(configuredHost: "localhost", boundHost: "127.0.0.1", secure: true)
        #expect(plain.isSameOrigin("http://localhost:8474", hostHeader: "localhost:8474"))
        #expect(!plain.isSameOrigin("https://localhost:8474", hostHeader: "localhost:8474"))
        #expect(secure.isSameOrigin("https://localhost:8474", hostHeader: "localhost:8474"))
        #expect(!secure.isSameOrigin("http://localhost:8474", hostHeader: "localhost:8474"))
        #expect(!secure.isSameOrigin("https://evil.example", hostHeader: "localhost:8474"))
    }
}
