/// Pins the generated netem tables: entry for entry against libm references, and their moments against closed forms.
import Testing

@testable import FaultlineCore

struct DistributionTableTests {
    @Test func tablesHaveNetemsSizeAndAreSorted() {
        for table in [DistributionTables.normal, DistributionTables.pareto, DistributionTables.paretonormal] {
            #expect(table.count == 4096)
            #expect(zip(table, table.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test func paretoMatchesTheLibmReferenceExactly() {
        #expect(DistributionTables.pareto.map(Int.init) == NetemReference.pareto)
        #expect(DistributionTables.pareto.first == -5461)  // (1 − 1.5)·4/3·8192
        #expect(DistributionTables.pareto.filter { $0 == 32767 }.count == 44)  // the capped tail
    }

    @Test func normalAndParetonormalMatchTheLibmReference() {
        // Acklam's 5e-9 against exact quantiles moves a rounding only within 4e-5 of a half step: none here.
        #expect(DistributionTables.normal.map(Int.init) == NetemReference.normal)
        #expect(DistributionTables.paretonormal.map(Int.init) == NetemReference.paretonormal)
        #expect(DistributionTables.normal.first == -32768)  // Φ⁻¹(0.5/16384) = −4.01, clamped
    }

    @Test func normalTableMomentsAreTheStandardNormal() {
        // Closed form: mean 0, deviation 1, kurtosis 3. The table's quarter-cell offset gives mean −0.00075, and
        // its tails end at ±4: both well inside 0.001.
        let moments = NetemReference.Moments(DistributionTables.normal.map(Int.init))
        #expect(abs(moments.mean) < 0.001)
        #expect(abs(moments.deviation - 1) < 0.001)
        #expect(abs(moments.kurtosis - 3) < 0.01)
    }

    @Test func paretoTableMomentsAreTheCappedPareto() {
        // Untruncated, (U^(−1/3) − 1.5)·4/3 has mean 0 and deviation √(4/3) = 1.155; the cap at 4.0 and the grid's
        // end at u = 1/4096 leave mean −0.0335 and deviation 0.820 (computed, as the note in DistributionTables).
        let moments = NetemReference.Moments(DistributionTables.pareto.map(Int.init))
        #expect(abs(moments.mean + 0.0335) < 0.0005)
        #expect(abs(moments.deviation - 0.8197) < 0.0005)
        let paretonormal = NetemReference.Moments(DistributionTables.paretonormal.map(Int.init))
        #expect(abs(paretonormal.mean + 0.0253) < 0.0005)
        #expect(abs(paretonormal.deviation - 0.8339) < 0.0005)
    }
}
