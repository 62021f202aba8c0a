/// The DNS fuzz target: the message codec round-trips, and a listener's decision on any datagram or TCP frame is
/// a well-formed reply within the client's size limit, a forward whose relayed answers also fit, or silence.
import FaultlineCore
import FaultlineDNS
import FuzzSupport

/// Input: `[flags][split] bytes…`. The bytes before `split` are the client's query; the rest is the tail of the
/// upstream's answer (see `UpstreamReply`). `flags` bit 0 picks TCP, bit 1 the responder with an upstream,
/// bits 2–7 seed the per-query rolls.
enum DNSTarget {
    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let flags = input.byte()
        let split = input.byte()
        let data = input.rest
        let at = FuzzInput.position(split, in: data.count)
        let query = Array(data[..<at])
        let tail = Array(data[at...])

        checkCodec(query)
        let transport: DNSTransport = flags & 1 == 0 ? .udp : .tcp
        let responder = flags & 2 == 0 ? Responders.staticOnly : Responders.forwarding
        var rng = SplitMix64(seed: UInt64(flags >> 2))
        let now = Instant(nanoseconds: 1_000_000_000)
        switch responder.decide(query, transport: transport, now: now, rng: &rng) {
        case .answer(let reply, let time):
            require(time >= now, "an answer scheduled in the past")
            checkAnswer(reply, to: query, transport: transport, responder: responder)
        case .forward(let plan, let time):
            require(time >= now, "a forward scheduled in the past")
            require(responder.hasUpstream, "a forward without an upstream")
            checkForward(plan, query: query, tail: tail)
        case .drop:
            break
        }
    }

    /// Whatever parses serialises to bytes that parse to the same message and serialise identically.
    static func checkCodec(_ bytes: [UInt8]) {
        guard let message = try? DNSMessage(parsing: bytes) else { return }
        let written = message.serialized()
        guard let again = try? DNSMessage(parsing: written) else {
            require(false, "a serialised message does not parse: \(written)")
            return
        }
        require(again == message, "a message changed on a round trip")
        require(again.serialized() == written, "a message serialises differently the second time")
    }

    /// A reply (as the responder gives it, without TCP's prefix) parses, answers the query's ID with QR set, and
    /// fits the client's UDP limit.
    static func checkAnswer(_ reply: [UInt8], to query: [UInt8], transport: DNSTransport, responder: DNSResponder) {
        // The listener adds TCP's length prefix; a message must leave room for it.
        let message = reply
        require(message.count <= 65_535, "a \(message.count)-byte reply cannot be framed for TCP")
        guard let parsed = try? DNSMessage(parsing: message) else {
            require(false, "the reply does not parse: \(message)")
            return
        }
        require(parsed.flags.isResponse, "the reply is not a response")
        require(query.count >= 12, "a reply to \(query.count) bytes, shorter than a header")
        require(parsed.id == UInt16(query[0]) << 8 | UInt16(query[1]), "the reply has another ID")
        if transport == .udp {
            let limit = udpLimit(for: query, ourSize: responder.udpSize)
            require(message.count <= limit, "a \(message.count)-byte UDP reply over the \(limit)-byte limit")
        }
    }

    /// RFC 6891: 512 bytes without EDNS, else the smaller of both sides' payload sizes (never below 512).
    static func udpLimit(for query: [UInt8], ourSize: UInt16) -> Int {
        guard let edns = (try? DNSMessage(parsing: query))?.edns else { return DNSEDNS.minimumPayloadSize }
        return max(DNSEDNS.minimumPayloadSize, min(Int(edns.udpPayloadSize), Int(ourSize)))
    }

    /// The relayed answer, whatever the upstream sent, keeps the client's ID and fits the client's limit.
    static func checkForward(_ plan: DNSForwardPlan, query: [UInt8], tail: [UInt8]) {
        let upstream = UpstreamReply.build(question: plan.query.question, tail: tail)
        checkCodec(upstream)
        if let relayed = plan.reply(toUpstream: upstream) {
            require(relayed.count >= 12, "a relayed reply shorter than a header")
            require(DNSHeader(bytes: relayed)?.id == plan.query.id, "a relayed reply has another ID")
            if plan.transport == .udp {
                require(relayed.count <= plan.replyLimit, "a relayed UDP reply over \(plan.replyLimit) bytes")
            }
        }
        _ = plan.reply(toUpstream: tail)
        let failure = plan.failureReply()
        checkAnswer(failure, to: query, transport: plan.transport, responder: Responders.forwarding)
    }
}
