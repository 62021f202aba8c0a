/// Why one TLS session failed: OpenSSL's reason, the certificate check that refused the peer, and the alerts.
public struct TLSFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// OpenSSL's reason text: `certificate verify failed`, `wrong version number`, `http request`,
    /// `sslv3 alert handshake failure`, `unexpected eof while reading`, …
    public var reason: String
    /// Set when this side refused the peer's certificate (`certificate has expired`, `hostname mismatch`, …).
    public var verification: TLSVerificationError?
    /// The fatal alert this side sent, if any (it is already in the pending ciphertext: write it out).
    public var alertSent: TLSAlert?
    /// The fatal alert the peer sent, if any.
    public var alertReceived: TLSAlert?
    /// True when the failure came before the handshake completed.
    public var duringHandshake: Bool

    public init(
        reason: String,
        verification: TLSVerificationError? = nil,
        alertSent: TLSAlert? = nil,
        alertReceived: TLSAlert? = nil,
        duringHandshake: Bool
    ) {
        self.reason = reason
        self.verification = verification
        self.alertSent = alertSent
        self.alertReceived = alertReceived
        self.duringHandshake = duringHandshake
    }

    /// `TLS handshake failed: certificate verify failed (certificate has expired); sent certificate_expired`.
    public var description: String {
        var text = (duringHandshake ? "TLS handshake failed: " : "TLS failed: ") + reason
        if let verification { text += " (\(verification.reason))" }
        if let alertSent { text += "; sent \(alertSent.name)" }
        if let alertReceived { text += "; received \(alertReceived.name)" }
        return text
    }
}
