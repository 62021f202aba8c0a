/// Detached pthreads for test peers (servers, readers of a child's output).
import Glibc

public enum Thread {
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        final class Box: @unchecked Sendable {
            // Handed to the new thread exactly once.
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, box)
        if status == 0 { pthread_detach(thread) } else { Unmanaged<Box>.fromOpaque(box).release() }
    }
}
