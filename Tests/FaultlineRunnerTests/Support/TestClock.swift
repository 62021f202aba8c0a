/// Monotonic seconds for test deadlines, and polling a condition with a bounded back-off (never a fixed sleep).
import Glibc

enum TestClock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Polls `condition` until it holds or `timeout` passes; the pause between polls is a bounded back-off,
    /// not a synchronisation point: the condition decides.
    static func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = now() + timeout
        var pause = 200
        while now() < deadline {
            if condition() { return true }
            var spec = timespec(tv_sec: 0, tv_nsec: pause * 1000)
            nanosleep(&spec, nil)
            pause = min(pause * 2, 20_000)
        }
        return condition()
    }
}
