/// Pins datagram loss: Gilbert rates and burst lengths, the 4-state chain's stationary rate, seeded replay.
import FaultlineCore
import FaultlineTesting
import Testing

private let count = 100_000

/// Whether each of `count` datagrams was lost, in order.
private func lossPattern(_ attributes: DatagramLossAttributes, seed: UInt64 = 1) -> [Bool] {
    var toxic = DatagramLoss(attributes, seed: seed)
    var lost: [Bool] = []
    var out: [UDPDatagram] = []
    for _ in 0..<count {
        out.removeAll()
        toxic.receive(UDPDatagram([1]), now: .zero, into: &out)
        lost.append(out.isEmpty)
    }
    #expect(toxic.counters.lost == UInt64(lost.filter { $0 }.count))
    return lost
}

private func rate(_ lost: [Bool]) -> Double { Double(lost.filter { $0 }.count) / Double(lost.count) }

/// Five standard errors of the loss rate by batch means (100 batches of 1000): losses are correlated, so the
/// binomial formula would understate the error; batches much longer than any burst are nearly independent.
private func rateBound(_ lost: [Bool]) -> Double {
    let batches = stride(from: 0, to: lost.count, by: 1000).map { rate(Array(lost[$0..<min($0 + 1000, lost.count)])) }
    let mean = batches.reduce(0, +) / Double(batches.count)
    let variance = batches.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(batches.count - 1)
    return 5 * (variance / Double(batches.count)).squareRoot()
}

/// Lengths of the runs of consecutive losses.
private func runs(_ lost: [Bool]) -> [Int] {
    var lengths: [Int] = []
    var current = 0
    for flag in lost {
        if flag {
            current += 1
        } else if current > 0 {
            lengths.append(current)
            current = 0
        }
    }
    return lengths
}

struct DatagramLossTests {
    @Test func gilbertHasTheMeanRateAndMeanBurst() {
        // Runs are geometric with mean b = 3 (deviation √(1 − 1/b)·b = 2.45); about 3,300 of them, so five standard
        // errors of their mean are 5 · 2.45/√3300 = 0.21.
        let lost = lossPattern(DatagramLossAttributes(probability: 0.1, burst: 3))
        #expect(abs(rate(lost) - 0.1) < rateBound(lost))
        let lengths = runs(lost)
        let meanRun = Double(lengths.reduce(0, +)) / Double(lengths.count)
        #expect(abs(meanRun - 3) < 5 * 2.45 / Double(lengths.count).squareRoot())
    }

    @Test func burstOneIsIndependentLoss() {
        // Bernoulli(0.05): runs have mean 1/(1 − p) = 1.0526.
        let lost = lossPattern(DatagramLossAttributes(probability: 0.05, burst: 1))
        #expect(abs(rate(lost) - 0.05) < 5 * (0.05 * 0.95 / Double(count)).squareRoot())
        let lengths = runs(lost)
        let meanRun = Double(lengths.reduce(0, +)) / Double(lengths.count)
        #expect(abs(meanRun - 1 / 0.95) < 0.02)
    }

    @Test func fourStateChainHasItsStationaryRate() {
        // Closed form (FourStateLoss): π1 = 1/(1 + p14 + p13/p31 + p13·p32/(p31·p23)) = 0.787, loss
        // π1·(p13/p31 + p14) = 0.1470.
        let attributes = DatagramLossAttributes(model: .state, p13: 0.05, p31: 0.3, p32: 0.2, p23: 0.4, p14: 0.02)
        let chain = FourStateLoss(p13: 0.05, p31: 0.3, p32: 0.2, p23: 0.4, p14: 0.02)
        #expect(abs(chain.stationaryLossRate - 0.146_981) < 1e-6)
        let lost = lossPattern(attributes)
        #expect(abs(rate(lost) - chain.stationaryLossRate) < rateBound(lost))
    }

    @Test func stateWithP13AloneIsRandomLoss() {
        // netem's `loss state 2%`: p31 defaults to 1 − p13, so losses are independent with rate p13.
        let decoded = try? DatagramToxicKind(typeName: "loss", attributes: .object([
            JSONMember(key: "model", value: .string("state")), JSONMember(key: "p13", value: .number("0.02")),
        ]))
        guard case .loss(let attributes)? = decoded else {
            Issue.record("decode failed")
            return
        }
        #expect(attributes.p31 == 0.98)
        let lost = lossPattern(attributes)
        #expect(abs(rate(lost) - 0.02) < 5 * (0.02 * 0.98 / Double(count)).squareRoot())
    }

    @Test func stuckChainsHaveTheRateOfWhereTheyEnd() {
        #expect(FourStateLoss(p13: 0.1, p31: 0, p32: 0, p23: 1, p14: 0).stationaryLossRate == 1)
        #expect(FourStateLoss(p13: 0.1, p31: 0, p32: 0.5, p23: 0.5, p14: 0).stationaryLossRate == 0.5)
        #expect(FourStateLoss(p13: 0.1, p31: 0.5, p32: 0.5, p23: 0, p14: 0).stationaryLossRate == 0)
        #expect(FourStateLoss(p13: 0, p31: 1, p32: 0, p23: 1, p14: 0.25).stationaryLossRate == 0.2)
    }

    @Test func extremesNeverOrAlwaysLose() {
        #expect(rate(lossPattern(DatagramLossAttributes(probability: 0, burst: 5))) == 0)
        #expect(rate(lossPattern(DatagramLossAttributes(probability: 1, burst: 5))) == 1)
    }

    @Test func seedReplaysTheSameDrops() {
        let attributes = DatagramLossAttributes(probability: 0.3, burst: 2)
        #expect(lossPattern(attributes, seed: 9) == lossPattern(attributes, seed: 9))
        #expect(lossPattern(attributes, seed: 9) != lossPattern(attributes, seed: 10))
    }
}
