/// A pair of values, one per direction, addressed by `Direction` without hashing.
public struct PerDirection<Value> {
    public var upstream: Value
    public var downstream: Value

    public init(upstream: Value, downstream: Value) {
        self.upstream = upstream
        self.downstream = downstream
    }

    public init(repeating value: Value) {
        upstream = value
        downstream = value
    }

    /// Yields in place (no copy of the value), which matters on the per-read path.
    public subscript(direction: Direction) -> Value {
        _read {
            if direction == .upstream { yield upstream } else { yield downstream }
        }
        _modify {
            if direction == .upstream { yield &upstream } else { yield &downstream }
        }
    }
}

extension PerDirection: Equatable where Value: Equatable {}
extension PerDirection: Sendable where Value: Sendable {}
