/// A TCP proxy's TLS, ready to use: the contexts built from its `tls` block, shared read-only by every data loop.
import FaultlineCore
import FaultlineTLS
import Synchronization

/// Built on the control loop (files read, keys checked, the auto certificate issued) before the proxy starts, and
/// sent to every loop with the proxy's settings. Everything in it is immutable or locked, so loops share it.
final class ProxyTLS: Sendable {
    let settings: TLSProxySettings
    /// Terminates TLS from clients; nil when only the upstream side speaks TLS.
    let server: TLSServerContext?
    /// Originates TLS to the upstream; nil when only the client side does.
    let client: TLSClientContext?
    /// The names the listener's certificates (the auto one and the `tls_certificate` faults') are issued for.
    let names: [String]
    /// The certificates of `tls_certificate` faults, issued by the control loop before it announces the toxic and
    /// read by the data loops when a connection the fault applies to is accepted.
    private let faultCertificates = Mutex<[TLSCertificateFault: TLSIdentity]>([:])

    init(settings: TLSProxySettings, server: TLSServerContext?, client: TLSClientContext?, names: [String]) {
        self.settings = settings
        self.server = server
        self.client = client
        self.names = names
    }

    func faultCertificate(_ fault: TLSCertificateFault) -> TLSIdentity? {
        faultCertificates.withLock { $0[fault] }
    }

    func store(_ identity: TLSIdentity, for fault: TLSCertificateFault) {
        faultCertificates.withLock { $0[fault] = identity }
    }

    /// The name a client session sends as SNI and verifies: the configured `sni`, else the upstream's host.
    func serverName(upstream: UpstreamTarget) -> String? {
        if let name = settings.upstream?.serverName { return name }
        switch upstream {
        case .hostname(let host, _): return host
        case .address(let address): return address.hostText
        case .invalid: return nil
        }
    }
}

/// One `tls_*` toxic as a data loop holds it: the stored spec (name, toxicity, seed) and what it does.
struct TLSFaultEntry {
    enum Fault {
        /// Present this certificate instead of the listener's.
        case certificate(TLSCertificateFault)
        /// Hold the handshake `delay`, then go on, refuse it with `alert`, or reset the TCP connection (`reset`).
        case handshake(TLSHandshakeFault, reset: Bool)
    }

    var toxic: ToxicSpec
    var fault: Fault

    /// The stored toxic's fault (the control loop checked it when it stored it, so only a foreign kind gives nil).
    init?(_ toxic: ToxicSpec) {
        guard case .tls(let type, let attributes) = toxic.kind,
            let parsed = try? TLSFaultAttributes(type: type, attributes: attributes),
            let fault = try? Self.fault(parsed)
        else { return nil }
        self.toxic = toxic
        self.fault = fault
    }

    /// Checks values with FaultlineTLS: a 400 names the attribute.
    static func fault(_ attributes: TLSFaultAttributes) throws(FaultlineError) -> Fault {
        switch attributes {
        case .certificate(let mode):
            return .certificate(try TLSCertificateFault.validate(mode: mode))
        case .handshake(let delay, let alert, let reset):
            guard reset else { return .handshake(try TLSHandshakeFault.validate(delay: delay, alert: alert), reset: false) }
            guard alert.isEmpty else {
                throw .invalidValue(field: "attributes.alert", reason: "not with \"reset\": true (a reset sends no alert)")
            }
            guard (0...TLSHandshakeFault.maximumDelay).contains(delay) else {
                throw .invalidValue(
                    field: "attributes.delay", reason: "must be between 0 and \(TLSHandshakeFault.maximumDelay) milliseconds")
            }
            return .handshake(TLSHandshakeFault(delay: delay, alert: nil), reset: true)
        }
    }
}
