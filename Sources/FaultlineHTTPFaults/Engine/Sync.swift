/// How far an engine made mid-stream has got in finding a request boundary it can trust.

/// Resynchronising a connection that became HTTP-aware mid-stream (`HTTPExchange+Resync.swift`).
enum Sync: Equatable {
    case synced
    /// Passing bytes through until a client read begins with a request line; `lastFromClient` says whether the
    /// last bytes seen came from the client (a pipelining client, whose next read proves nothing).
    case waiting(lastFromClient: Bool)
    /// Parsing from a probe request; in step once its response has been paired and completed.
    case probing
}
