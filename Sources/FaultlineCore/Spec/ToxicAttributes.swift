/// The attribute sets of each toxic type, as integers exactly as Toxiproxy stores them (no validation here).

/// `latency`: delay each chunk by `latency` ± `jitter` milliseconds.
public struct LatencyAttributes: Equatable, Sendable {
    public var latency: Int64
    public var jitter: Int64
    public init(latency: Int64 = 0, jitter: Int64 = 0) {
        self.latency = latency
        self.jitter = jitter
    }
}

/// `bandwidth`: at most `rate` KB/s (1 KB = 1000 bytes) per connection and direction.
public struct BandwidthAttributes: Equatable, Sendable {
    public var rate: Int64
    public init(rate: Int64 = 0) { self.rate = rate }
}

/// `slow_close`: hold the end of the stream for `delay` milliseconds.
public struct SlowCloseAttributes: Equatable, Sendable {
    public var delay: Int64
    public init(delay: Int64 = 0) { self.delay = delay }
}

/// `timeout`: swallow data; close after `timeout` ms without incoming data (0 = never).
public struct TimeoutAttributes: Equatable, Sendable {
    public var timeout: Int64
    public init(timeout: Int64 = 0) { self.timeout = timeout }
}

/// `reset_peer`: on the first data, wait `timeout` ms, then reset the connection.
public struct ResetPeerAttributes: Equatable, Sendable {
    public var timeout: Int64
    public init(timeout: Int64 = 0) { self.timeout = timeout }
}

/// `slicer`: cut chunks into pieces of about `averageSize` ± `sizeVariation` bytes, `delay` µs apart.
public struct SlicerAttributes: Equatable, Sendable {
    public var averageSize: Int64
    public var sizeVariation: Int64
    public var delay: Int64
    public init(averageSize: Int64 = 0, sizeVariation: Int64 = 0, delay: Int64 = 0) {
        self.averageSize = averageSize
        self.sizeVariation = sizeVariation
        self.delay = delay
    }
}

/// `limit_data`: pass `bytes` bytes, then close the connection.
public struct LimitDataAttributes: Equatable, Sendable {
    public var bytes: Int64
    public init(bytes: Int64 = 0) { self.bytes = bytes }
}
