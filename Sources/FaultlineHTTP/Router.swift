/// Method + path-pattern routing as gorilla/mux does it for Toxiproxy: exact paths, `:name` for one segment.
///
/// Matching runs on the percent-decoded path. An unclean path (`//`, `.`, `..`) is answered with a redirect
/// to its clean form first, as mux does; then the first route whose pattern and method match wins; a path that
/// matches only with another method gives 405; anything else is 404.
public struct Router<Handler: Sendable>: Sendable {
    private struct Route: Sendable {
        var methods: [HTTPMethod]?
        var segments: [Segment]
        var handler: Handler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route: `pattern` like `/proxies/:proxy/toxics/:toxic`; `methods` nil means any method.
    public mutating func add(_ methods: [HTTPMethod]?, _ pattern: String, _ handler: Handler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            part.hasPrefix(":") ? Segment.parameter(String(part.dropFirst())) : .literal(String(part))
        }
        routes.append(Route(methods: methods, segments: segments, handler: handler))
    }

    /// Finds the route for `method` and the decoded `path`; `query` is kept in a redirect's location.
    public func match(method: HTTPMethod, path: String, query: String? = nil) -> RouteMatch<Handler> {
        let clean = Self.cleanPath(path)
        if !clean.isBytewiseEqual(path) {
            return .redirect(location: RequestTarget.percentEncodePath(clean) + (query.map { "?" + $0 } ?? ""))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var pathMatched = false
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: parts) else { continue }
            if let methods = route.methods, !methods.contains(method) {
                pathMatched = true
                continue
            }
            return .matched(route.handler, parameters)
        }
        return pathMatched ? .methodNotAllowed : .notFound
    }

    private static func bind(_ segments: [Segment], to parts: [String]) -> RouteParameters? {
        guard segments.count == parts.count else { return nil }
        var parameters = RouteParameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard text.isBytewiseEqual(part) else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.values[name] = part
            }
        }
        return parameters
    }

    /// mux's `cleanPath`: Go's `path.Clean` of a rooted path, keeping a trailing slash.
    static func cleanPath(_ path: String) -> String {
        if path.isEmpty { return "/" }
        let rooted = path.hasPrefix("/") ? path : "/" + path
        var stack: [Substring] = []
        for part in rooted.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                _ = stack.popLast()
            } else {
                stack.append(part)
            }
        }
        var cleaned = "/" + stack.joined(separator: "/")
        if rooted.hasSuffix("/") && cleaned != "/" { cleaned += "/" }
        return cleaned
    }
}

/// Where a request goes.
public enum RouteMatch<Handler: Sendable>: Sendable {
    case matched(Handler, RouteParameters)
    /// The path exists for other methods only.
    case methodNotAllowed
    case notFound
    /// The path was not clean: answer 301 to this location.
    case redirect(location: String)
}

/// The `:name` segments of a matched path, decoded.
public struct RouteParameters: Equatable, Sendable {
    var values: [String: String] = [:]

    public init() {}

    public subscript(name: String) -> String? { values[name] }
}

extension String {
    fileprivate func isBytewiseEqual(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }
}
