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

    public subscript(direction: Direction) -> Value {
        get { direction == .upstream ? upstream : downstream }
        set {
            if direction == .upstream { upstream = newValue } else { downstream = newValue }
        }
    }
}

extension PerDirection: Equatable where Value: Equatable {}
extension PerDirection: Sendable where Value: Sendable {}
