/// Giving freed heap memory back to the kernel after a burst (glibc keeps it in its arenas otherwise).
import CFaultlineLinux

public enum HeapTrim {
    /// malloc_trim(0) over every arena; true if anything was released. It walks the free lists, so it costs
    /// milliseconds on a large heap: call it rarely (after a burst has drained), never per connection.
    @discardableResult
    public static func now() -> Bool { cfl_malloc_trim() == 1 }

    /// Keeps allocations of up to 4 MiB (the chunks toxics hold) in glibc's arenas, with 64 MiB kept free at
    /// their top: otherwise each 256 KiB chunk was mapped and unmapped on its own and paid its page faults again
    /// (perf: ~5 % of a latency toxic's path). What a burst leaves is given back by `now()` once it drains.
    public static func keepChunksInArenas() {
        _ = cfl_tune_malloc(4 << 20, 64 << 20)
    }
}
