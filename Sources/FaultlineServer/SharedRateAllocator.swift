/// The server's `RateAllocator`: one proxy-wide `bandwidth` toxic's `SharedRateSchedule`, behind a mutex, shared by
/// every connection of the proxy on every data loop.
import FaultlineCore
import Synchronization

/// Each reservation is one short critical section (a max, an add, a division), taken once per released slice
/// (10 ms of the rate), so contention stays negligible even with every loop sending. The control loop sets the
/// rate when the toxic is updated; slots already handed out keep their ends.
final class SharedRateAllocator: RateAllocator, Sendable {
    private let schedule: Mutex<SharedRateSchedule>

    init(rate: Int64) {
        schedule = Mutex(SharedRateSchedule(rate: rate))
    }

    func reserve(_ bytes: Int, earliest: Instant) -> Instant? {
        schedule.withLock { $0.reserve(bytes, earliest: earliest) }
    }

    var rate: Int64 { schedule.withLock { $0.rate } }

    func setRate(_ rate: Int64) {
        schedule.withLock { $0.setRate(rate) }
    }
}
