/// Go's float formatting, which every float the API writes goes through, must give back the exact value.
import FaultlineCore
import FuzzSupport

enum FloatChecks {
    /// Each JSON number read as float64 and as float32: written in Go's JSON and `%g` styles, it reads back to
    /// the same bits, in the exponent form exactly where Go uses it.
    static func check(_ text: String) {
        if let double = Double(text), double.isFinite {
            let json = GoFloatFormat.json(double)
            require(Double(json)?.bitPattern == double.bitPattern, "float64 \(text) written as \(json)")
            let exponential = double != 0 && (double.magnitude < 1e-6 || double.magnitude >= 1e21)
            require(json.contains("e") == exponential, "float64 \(text) written as \(json), wrong form")
            let g = GoFloatFormat.g(double)
            require(Double(g)?.bitPattern == double.bitPattern, "float64 \(text) written with %g as \(g)")
        }
        if let float = Float(text), float.isFinite {
            let json = GoFloatFormat.json(float)
            require(Float(json)?.bitPattern == float.bitPattern, "float32 \(text) written as \(json)")
            let exponential = float != 0 && (float.magnitude < 1e-6 || float.magnitude >= 1e21)
            require(json.contains("e") == exponential, "float32 \(text) written as \(json), wrong form")
        }
    }
}
