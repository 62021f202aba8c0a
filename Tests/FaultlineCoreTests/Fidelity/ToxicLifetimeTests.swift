/// `ttl` on virtual time: the expiry a toxic is stored with, renewals by update, what remains, `--max-toxic-ttl`.
import FaultlineTesting
import Testing

@testable import FaultlineCore

struct ToxicLifetimeTests {
    @Test func storedAtAnInstantItExpiresTTLLater() {
        let stored = ToxicOptions(ttl: 400).stamped(at: .milliseconds(1000))
        #expect(stored.createdAt == .milliseconds(1000))
        #expect(stored.expiresAt == .milliseconds(1400))
        // Stamping again (a reload of the stored spec) moves neither instant.
        let again = stored.stamped(at: .milliseconds(1300))
        #expect(again.createdAt == .milliseconds(1000) && again.expiresAt == .milliseconds(1400))
        // Without a ttl, nothing expires; the creation is still the schedule's phase.
        let forever = ToxicOptions(schedule: ToxicSchedule(on: 10, off: 10)).stamped(at: .milliseconds(5))
        #expect(forever.expiresAt == nil && forever.createdAt == .milliseconds(5))
    }

    @Test func remainingIsWholeMillisecondsRoundedUpAndNeverNegative() {
        let stored = ToxicOptions(ttl: 400).stamped(at: .milliseconds(1000))
        #expect(stored.echoing(at: .milliseconds(1000)).remaining == 400)
        #expect(stored.echoing(at: .milliseconds(1100)).remaining == 300)
        #expect(stored.echoing(at: .milliseconds(1399) + .microseconds(500)).remaining == 1)
        #expect(stored.echoing(at: .milliseconds(1400)).remaining == 0)
        #expect(stored.echoing(at: .milliseconds(9000)).remaining == 0)
        #expect(ToxicOptions().echoing(at: .milliseconds(9000)).remaining == nil)
        var spec = ToxicSpec(kind: .noop)
        spec.options = stored
        #expect(spec.echoing(at: .milliseconds(1250)).options.remaining == 150)
    }

    @Test func anUpdateWithATTLStartsANewCountdownAndOneWithoutKeepsTheOld() {
        let stored = ToxicOptions(ttl: 400).stamped(at: .milliseconds(1000))
        let renewed = stored.updated(with: ToxicOptions(ttl: 300), at: .milliseconds(1200))
        #expect(renewed.ttl == 300 && renewed.expiresAt == .milliseconds(1500))
        #expect(renewed.createdAt == .milliseconds(1000))  // the schedule's phase does not move
        let kept = stored.updated(with: ToxicOptions(schedule: ToxicSchedule(on: 5, off: 5)), at: .milliseconds(1200))
        #expect(kept.ttl == 400 && kept.expiresAt == .milliseconds(1400))
        #expect(kept.schedule == ToxicSchedule(on: 5, off: 5))
        // Options that already carry an expiry (the stored spec handed back whole) are not a renewal.
        #expect(!stored.startsCountdown && ToxicOptions(ttl: 1).startsCountdown)
        #expect(stored.updated(with: stored, at: .milliseconds(1300)).expiresAt == .milliseconds(1400))
    }

    @Test func clientsAndScheduleAreReplacedAsGiven() throws {
        // The API has already merged a patch over the stored options: what arrives here is the whole new set.
        var stored = ToxicOptions(clients: [try #require(ClientRange("10.0.0.0/8"))], ttl: 400)
        stored = stored.stamped(at: .zero)
        let cleared = stored.updated(with: ToxicOptions(), at: .milliseconds(10))
        #expect(cleared.clients == nil && cleared.ttl == 400)
    }

    @Test func maxToxicTTLMakesATTLMandatoryAndCapsIt() throws {
        try ToxicOptions().checkTTL(limit: nil)
        try ToxicOptions(ttl: 1000).checkTTL(limit: 1000)
        #expect(
            throws: FaultlineError.invalidValue(
                field: "attributes.ttl", reason: "is required by this server (at most 1000 milliseconds)")
        ) { try ToxicOptions().checkTTL(limit: 1000) }
        #expect(
            throws: FaultlineError.invalidValue(field: "attributes.ttl", reason: "must be between 1 and 1000 milliseconds")
        ) { try ToxicOptions(ttl: 1001).checkTTL(limit: 1000) }
    }
}
