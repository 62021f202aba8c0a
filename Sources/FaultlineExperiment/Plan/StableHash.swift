/// A hash of labels that is the same in every process (Swift's `Hasher` is seeded per process, so it cannot be used).
import FaultlineCore

/// FNV-1a over UTF-8: turns names into the labels `SplitMix64.mix` takes, so each draw depends only on the seed
/// and the name it is for, never on the order of the file.
enum StableHash {
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A value drawn from `seed` for the purpose named by `label` (`"phase/checkout"`, `"at/slow-payments"`).
    static func draw(_ seed: UInt64, _ label: String) -> UInt64 { SplitMix64.mix(seed, fnv1a(label)) }
}
