/// Answering an accepted query from the static table, or by the fallback when the table does not know it.
import FaultlineCore

extension DNSResponder {
    func answer(_ query: DNSQuery, transport: DNSTransport, truncation: DNSTruncation?, at: Instant) -> DNSDecision {
        let context = query.context
        let message: DNSMessage
        switch table.lookup(query.question, fallback: fallback) {
        case .known(let answers, let rcode, let soaOwner):
            let authorities = soaOwner.map { [builder.soa(owner: $0, negativeTTL: Self.tableNegativeTTL)] } ?? []
            message = builder.message(
                context, rcode: rcode, authoritative: true, answers: answers, authorities: authorities)
        case .unknown:
            switch fallback {
            case .forward where hasUpstream && truncation != .empty:
                let plan = DNSForwardPlan(query: query, transport: transport, truncation: truncation, builder: builder)
                return .forward(plan, at: at)
            case .forward where hasUpstream:
                // An empty TC reply needs nothing from the upstream, so it is not asked.
                message = builder.message(context, rcode: .noError, authoritative: false)
            case .forward:
                message = builder.message(context, rcode: .servFail, authoritative: false)
            case .nxdomain:
                let soa = builder.soa(owner: query.question.name.parent, negativeTTL: Self.tableNegativeTTL)
                message = builder.message(context, rcode: .nxDomain, authoritative: true, authorities: [soa])
            case .refused:
                message = builder.message(context, rcode: .refused, authoritative: false)
            }
        }
        return .answer(builder.finish(message, context: context, transport: transport, truncation: truncation), at: at)
    }
}
