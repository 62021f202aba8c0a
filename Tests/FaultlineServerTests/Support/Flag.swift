/// A locked box for values shared between test threads.
import Glibc

final class Flag<T: Sendable>: @unchecked Sendable {
    // Guarded by `lock`; a tiny box rather than Synchronization.Atomic so any Sendable value fits.
    private var value: T
    private var lock = pthread_mutex_t()

    init(_ value: T) {
        self.value = value
        pthread_mutex_init(&lock, nil)
    }

    func load() -> T {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return value
    }

    func store(_ newValue: T) {
        pthread_mutex_lock(&lock)
        value = newValue
        pthread_mutex_unlock(&lock)
    }
}
