/// The per-query decision of a DNS listener: wire checks, toxics, the static table, then the fallback.
import FaultlineCore

/// A DNS listener's whole configuration as one value; rebuild it when records or toxics change.
public struct DNSResponder: Hashable, Sendable {
    /// TTL and SOA MINIMUM of the table's own negative answers (NODATA, fallback NXDOMAIN).
    public static let tableNegativeTTL = UInt32(DNSSpec.defaultTTL)

    public var table: DNSRecordTable
    public var fallback: DNSFallback
    /// Our advertised EDNS payload size.
    public var udpSize: UInt16
    /// Whether an upstream resolver is configured: sets RA and makes `forward` possible.
    public var hasUpstream: Bool
    /// Toxics in creation order.
    public var faults: [DNSFault]

    /// Assembles already-compiled parts (tests, or a listener swapping only its faults).
    public init(
        table: DNSRecordTable = DNSRecordTable(), fallback: DNSFallback, udpSize: UInt16 = 1232,
        hasUpstream: Bool, faults: [DNSFault] = []
    ) {
        self.table = table
        self.fallback = fallback
        self.udpSize = udpSize
        self.hasUpstream = hasUpstream
        self.faults = faults
    }

    /// Validates and compiles a listener's configuration; errors name the field as `DNSSpec.validate` does.
    public init(spec: DNSSpec, hasUpstream: Bool, toxics: [DNSToxicSpec] = []) throws(FaultlineError) {
        try spec.validate(hasUpstream: hasUpstream)
        var faults: [DNSFault] = []
        for toxic in toxics { faults.append(try DNSFault(toxic)) }
        self.init(
            table: try DNSRecordTable(records: spec.records),
            fallback: try spec.resolvedFallback(hasUpstream: hasUpstream), udpSize: UInt16(clamping: spec.udpSize),
            hasUpstream: hasUpstream, faults: faults)
    }

    var builder: DNSReplyBuilder { DNSReplyBuilder(udpSize: udpSize, recursionAvailable: hasUpstream) }

    /// Decides what to do with one received message (a UDP datagram or a TCP frame without its prefix).
    ///
    /// Draws exactly one value from `rng` per accepted query, whatever the toxics: each toxic rolls from its
    /// own generator seeded by that value and its name, so adding or removing one toxic never shifts another's
    /// rolls. Malformed or refused queries get their error reply at once and are never faulted. `source` is the
    /// query's source address (4 or 16 bytes), which toxics with `clients` are matched against.
    public func decide(
        _ bytes: [UInt8], transport: DNSTransport, now: Instant, rng: inout SplitMix64, source: [UInt8]? = nil
    ) -> DNSDecision {
        switch DNSIntake(bytes, transport: transport) {
        case .ignore:
            return .drop(.notAQuery)
        case .refuse(let context, let rcode):
            let message = builder.message(context, rcode: rcode, authoritative: false)
            return .answer(builder.finish(message, context: context, transport: transport), at: now)
        case .accept(let query):
            return decide(query, transport: transport, now: now, querySeed: rng.next(), source: source)
        }
    }

    /// Rolls the toxics for one query, then answers, forwards or drops as the first hit outcome says. A toxic whose
    /// `clients` or `schedule` leave this query out is skipped (its rolls are its own, so no other toxic's shift).
    func decide(
        _ query: DNSQuery, transport: DNSTransport, now: Instant, querySeed: UInt64, source: [UInt8]? = nil
    ) -> DNSDecision {
        var delay = Duration.zero
        var outcome: (fault: DNSFault, outcome: DNSFault.Outcome)?
        for fault in faults where fault.acts(on: source, at: now) {
            guard let match = fault.match(query.question, transport: transport) else { continue }
            var generator = fault.generator(querySeed: querySeed)
            guard fault.hits(using: &generator) else { continue }
            if fault.isLatency {
                delay += fault.delay(using: &generator)
            } else if outcome == nil,
                let decided = fault.outcome(for: query.question, transport: transport, pattern: match.pattern)
            {
                outcome = (fault, decided)
            }
        }
        let at = now + delay
        let context = query.context
        switch outcome?.outcome {
        case .drop:
            return .drop(.injected(toxic: outcome?.fault.name ?? ""))
        case .nxdomain(let owner, let ttl):
            let soa = builder.soa(owner: owner, negativeTTL: ttl)
            let message = builder.message(context, rcode: .nxDomain, authoritative: true, authorities: [soa])
            return .answer(builder.finish(message, context: context, transport: transport), at: at)
        case .servfail(let ede):
            let options = ede.map { [DNSOption.extendedError($0, text: "injected by faultline")] } ?? []
            let message = builder.message(context, rcode: .servFail, authoritative: false, options: options)
            return .answer(builder.finish(message, context: context, transport: transport), at: at)
        case .truncate(let truncation):
            return answer(query, transport: transport, truncation: truncation, at: at)
        case nil:
            return answer(query, transport: transport, truncation: nil, at: at)
        }
    }
}
