/// One HTTP fault installed on a connection: its spec and its own random streams.
import FaultlineCore

/// The runtime side of an `HTTPFaultSpec`. Each rule draws from generators of its own, so adding, updating or
/// removing a toxic never shifts another's stream: the same seed and the same request order replay the same faults.
struct FaultRule {
    /// Stable for the engine's lifetime (delay shares refer to it), unlike the rule's index.
    let id: Int
    var spec: HTTPFaultSpec
    /// Exactly one draw per matching request, hit or miss.
    private var rolls: SplitMix64
    /// Jitter draws, kept apart so that a hit's jitter never shifts the toxicity stream.
    private var jitter: SplitMix64

    init(id: Int, spec: HTTPFaultSpec, seed: UInt64) {
        self.id = id
        self.spec = spec
        rolls = SplitMix64(seed: seed)
        jitter = SplitMix64(seed: SplitMix64.mix(seed, 1))
    }

    /// The toxicity roll for one matching request.
    mutating func roll() -> Bool { rolls.nextUnitDouble() < Double(spec.toxicity) }

    /// `delay ± jitter` milliseconds, never negative (and never trapping on values the API would refuse).
    mutating func delay(_ attributes: HTTPDelayAttributes) -> Duration {
        var milliseconds = attributes.delay
        if attributes.jitter > 0 {
            let span = UInt64(attributes.jitter) &* 2 &+ 1
            milliseconds = milliseconds &+ (Int64(truncatingIfNeeded: jitter.next() % span) &- attributes.jitter)
        }
        return .clampedMilliseconds(max(milliseconds, 0))
    }
}
