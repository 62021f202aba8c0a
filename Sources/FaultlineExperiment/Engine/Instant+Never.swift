/// An instant later than any deadline, so optional deadlines compare without unwrapping.
import FaultlineCore

extension Instant {
    static let never = Instant(nanoseconds: .max)
}
