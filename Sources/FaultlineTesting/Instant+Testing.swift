/// Short spellings of virtual times for timeline tests (`.milliseconds(100)` is 100 ms after zero).

import FaultlineCore

extension Instant {
    public static func milliseconds(_ value: Int64) -> Instant { .zero + .milliseconds(value) }
    public static func microseconds(_ value: Int64) -> Instant { .zero + .microseconds(value) }
    public static func nanoseconds(_ value: UInt64) -> Instant { Instant(nanoseconds: value) }
}
