/// Go's float output: float32 in JSON (toxicity) and %g in Prometheus text.
import FaultlineCore
import Testing

@Suite struct GoFloatFormatTests {
    @Test(arguments: [
        (Float(1), "1") as (Float, String), (0.5, "0.5"), (0.25, "0.25"), (0.2, "0.2"), (7, "7"), (-1, "-1"), (0, "0"),
        (-0.0, "-0"), (0.1, "0.1"), (123_456_792, "123456790"), (1e20, "100000000000000000000"),
        (1e21, "1e+21"), (3.4028235e38, "3.4028235e+38"), (1e-6, "0.000001"), (1e-7, "1e-7"),
        (1.5e-10, "1.5e-10"), (Float.leastNonzeroMagnitude, "1e-45"), (0.333333343, "0.33333334"),
        (16_777_216, "16777216"),
    ])
    func float32AsJSON(value: Float, text: String) {
        #expect(GoFloatFormat.json(value) == text)
    }

    @Test(arguments: [
        (0.01, "0.01") as (Double, String), (1, "1"), (0.1, "0.1"), (-0.5, "-0.5"), (2.5, "2.5"), (1e-6, "0.000001"),
        (1e-7, "1e-7"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (123_456_789.125, "123456789.125"),
        (0.30000000000000004, "0.30000000000000004"), (-2e3, "-2000"), (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func float64AsJSON(value: Double, text: String) {
        #expect(GoFloatFormat.json(value) == text)
    }

    @Test(arguments: [
        (0.0, "0") as (Double, String), (1, "1"), (5, "5"), (123456, "123456"), (1_000_000, "1e+06"),
        (1_234_567, "1.234567e+06"),
        (1_048_576, "1.048576e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"), (1.5, "1.5"),
        (1_712_345_678.25, "1.71234567825e+09"), (Double(UInt64.max), "1.8446744073709552e+19"),
    ])
    func doubleAsPercentG(value: Double, text: String) {
        #expect(GoFloatFormat.g(value) == text)
    }
}
