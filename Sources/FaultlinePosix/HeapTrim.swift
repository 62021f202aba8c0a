/// Giving freed heap memory back to the kernel after a burst (glibc keeps it in its arenas otherwise).
import CFaultlineLinux

public enum HeapTrim {
    /// malloc_trim(0) over every arena; true if anything was released. It walks the free lists, so it costs
    /// milliseconds on a large heap: call it rarely (after a burst has drained), never per connection.
    @discardableResult
    public static func now() -> Bool { cfl_malloc_trim() == 1 }
}
