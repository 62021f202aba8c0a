/// The TLS figures of one proxy for /metrics: handshakes completed and sessions failed, per side.
extension MetricsSnapshot {
    /// Counters summed over the proxy's connections and loops (`faultline_tls_*`).
    public struct TLS: Equatable, Sendable {
        /// Handshakes completed with clients (`client`) and with the upstream (`upstream`).
        public var handshakes: [String: UInt64]
        /// Sessions that failed (bad or plaintext input, refused certificates, timeouts, `tls_handshake` faults).
        public var failures: [String: UInt64]

        public init(handshakes: [String: UInt64] = [:], failures: [String: UInt64] = [:]) {
            self.handshakes = handshakes
            self.failures = failures
        }
    }
}
