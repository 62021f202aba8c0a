/// `GET /toxic-types` for the `tls_*` types of TLS-terminating TCP proxies, from this module's own mode and alert
/// tables.
import FaultlineCore

public enum TLSFaultDescriptions {
    /// `tls_certificate` then `tls_handshake`, with the keys in the order the API stores them
    /// (`TLSFaultAttributes.json`).
    public static var descriptions: [ToxicTypeDescription] {
        let certificate = TLSFaultAttributes.certificate(mode: TLSCertificateFault.expired.rawValue)
        let handshake = TLSFaultAttributes.handshake(delay: 0, alert: "", reset: false)
        return [
            describe(
                "tls_certificate", certificate,
                help: "New TLS clients are shown this wrong certificate instead of the proxy's own.",
                notes: ["mode": .choice("Which wrong certificate is presented.", TLSCertificateFault.self)]),
            describe(
                "tls_handshake", handshake,
                help: "Holds new handshakes at the ClientHello for delay ms, then completes them, refuses them with "
                    + "alert, or resets.",
                notes: [
                    "delay": .integer(
                        "ms", "How long the handshake is held (above 0 when no alert is given).",
                        in: 0...TLSHandshakeFault.maximumDelay),
                    "alert": .choice("The alert that ends the handshake; empty lets it complete.",
                        [""] + TLSAlert.fatalNames),
                    "reset": .boolean("Reset the TCP connection mid-handshake instead."),
                ]),
        ]
    }

    private static func describe(
        _ type: String, _ defaults: TLSFaultAttributes, help: String, notes: [String: AttributeNote]
    ) -> ToxicTypeDescription {
        let members: [JSONMember] = if case .object(let members) = defaults.json { members } else { [] }
        return ToxicTypeDescription(
            type: type, proxyKinds: [ProxyKind.tcp.rawValue], usesStream: false, help: help, defaults: members,
            notes: notes)
    }
}
