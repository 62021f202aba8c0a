/// The recovery timings and limits a `loss` toxic derives from its attributes, made safe for any values.
extension Loss {
    /// Attributes turned into durations and counts. Validation keeps the API's values in range; these clamps
    /// only make values built in code harmless (no zero-time retransmission loops, no traps).
    struct Settings: Equatable {
        var segmentSize: Int
        var mode: LossMode
        /// Stall of a lost segment that three later segments followed: `rtt` × 1.25, at least 1 ms.
        var fastDelay: Duration
        /// Stall of any other lost segment: 2·`rtt` + `rto_min` (Linux's TLP with one packet out), capped by
        /// the RTO.
        var tailDelay: Duration
        /// Wait after the first lost retransmission: `rtt` + `rto_min`, at most `rto_max`.
        var rto: Duration
        /// Ceiling of the doubled waits.
        var rtoMax: Duration
        var maxRetries: Int64
        var window: Int

        init(_ attributes: LossAttributes) {
            segmentSize = Int(clamping: max(attributes.segmentSize, 1))
            mode = LossMode(rawValue: attributes.mode) ?? .stall
            let rtt = Duration.clampedMilliseconds(max(attributes.rtt, 0))
            let rtoMin = Duration.clampedMilliseconds(max(attributes.rtoMin, 1))
            rtoMax = max(Duration.clampedMilliseconds(attributes.rtoMax), rtoMin)
            rto = min(rtt + rtoMin, rtoMax)
            tailDelay = min(rtt * 2 + rtoMin, rto)
            fastDelay = max(rtt * 5 / 4, .milliseconds(1))
            maxRetries = max(attributes.maxRetries, 0)
            window = Int(clamping: max(attributes.window, 1))
        }

        /// The wait after a lost retransmission: the RTO first, then doubling up to `rto_max`.
        func backoff(after previous: Duration?) -> Duration {
            guard let previous else { return rto }
            return min(previous * 2, rtoMax)
        }
    }
}
