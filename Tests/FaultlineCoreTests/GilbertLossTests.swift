/// Pins the Simple Gilbert loss chain: its parameters from (probability, burst) and its long-run statistics.
import FaultlineCore
import Testing

struct GilbertLossTests {
    @Test(
        arguments: [
            (0.01, 1.0, 0.01, 0.99), (0.1, 4.0, 0.1 * 0.25 / 0.9, 0.25), (0.5, 1.0, 0.5, 0.5),
            (0.5, 10.0, 0.1, 0.1), (0.0, 3.0, 0.0, 1.0), (-1.0, 3.0, 0.0, 1.0), (1.0, 3.0, 1.0, 0.0),
            (.nan, 2.0, 0.0, 1.0), (0.2, .nan, 0.2, 0.8), (0.2, 0.5, 0.2, 0.8),
        ] as [(Double, Double, Double, Double)]
    )
    func parametersFollowFromMeanLossAndBurst(probability: Double, burst: Double, p: Double, r: Double) {
        let chain = GilbertLoss(probability: probability, burst: burst)
        #expect(abs(chain.goodToBad - p) < 1e-12 && abs(chain.badToGood - r) < 1e-12)
        #expect(!chain.isBad)
    }

    @Test(arguments: [(0.01, 1.0), (0.1, 4.0), (0.3, 2.0), (0.05, 5.0)] as [(Double, Double)])
    func longRunLossAndRunLengthMatch(probability: Double, burst: Double) {
        var chain = GilbertLoss(probability: probability, burst: burst)
        var generator = SplitMix64(seed: 99)
        let draws = 400_000
        var lost = 0
        var runs = 0
        var previous = false
        for _ in 0..<draws {
            let now = chain.nextIsLost(using: &generator)
            if now { lost += 1 }
            if now && !previous { runs += 1 }
            previous = now
        }
        let expectedRun = max(burst, 1 / (1 - probability))
        #expect(abs(Double(lost) / Double(draws) - probability) < 0.1 * probability)
        #expect(abs(Double(lost) / Double(runs) - expectedRun) < 0.08 * expectedRun)
    }

    @Test func burstOneIsIndependentLoss() {
        var chain = GilbertLoss(probability: 0.3, burst: 1)
        var generator = SplitMix64(seed: 5)
        var afterLoss = (lost: 0.0, total: 0.0)
        var previous = false
        for _ in 0..<100_000 {
            let now = chain.nextIsLost(using: &generator)
            if previous {
                afterLoss.total += 1
                if now { afterLoss.lost += 1 }
            }
            previous = now
        }
        #expect(abs(afterLoss.lost / afterLoss.total - 0.3) < 0.015)
    }

    @Test func eachTransmissionTakesExactlyOneDraw() {
        var chain = GilbertLoss(probability: 0.4, burst: 3)
        var generator = SplitMix64(seed: 1)
        var reference = SplitMix64(seed: 1)
        for _ in 0..<100 {
            _ = chain.nextIsLost(using: &generator)
            _ = reference.next()
        }
        #expect(generator.state == reference.state)
    }

    @Test func newParametersKeepTheState() {
        var chain = GilbertLoss(probability: 1, burst: 1)
        var generator = SplitMix64(seed: 0)
        let first = chain.nextIsLost(using: &generator)
        #expect(first)
        chain.setParameters(probability: 0.5, burst: 1000)
        #expect(chain.isBad && chain.badToGood == 0.001)
        chain.setParameters(probability: 0, burst: 1)
        let second = chain.nextIsLost(using: &generator)
        #expect(!second)
    }
}
