/// A proxy's `nxdomain` gate shared by every loop's shard, so a negative-cache window covers all of them.
import FaultlineCore
import Synchronization

final class SharedGate: Sendable {
    private let gate = Mutex(NXDomainGate())

    func decide(toxics: [ToxicSpec], now: Instant, rng: inout SplitMix64, client: [UInt8]?) -> NXDomainGate.Decision {
        var local = rng
        let decision = gate.withLock { $0.decide(toxics: toxics, now: now, rng: &local, client: client) }
        rng = local
        return decision
    }
}
