/// One problem found in an experiment file, located by its JSON path, and the error that carries them all.

/// A problem at a place in the file: `faults[1].toxcity: unknown key`.
public struct ValidationIssue: Equatable, Sendable, CustomStringConvertible {
    /// `faults[1].toxicity`, `probes.checkout.every`; empty for the document itself.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem of a file that failed validation, in document order, so `validate` can print them all.
public struct ExperimentValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) { self.issues = issues }

    /// Exit status for an invalid file (EX_USAGE).
    public static let exitCode: Int32 = 64

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Where the decoder is in the document; each step appends `.key` or `[index]`.
struct JSONPath: Sendable, CustomStringConvertible {
    private(set) var text: String

    init(_ text: String = "") { self.text = text }

    func key(_ key: String) -> JSONPath { JSONPath(text.isEmpty ? key : "\(text).\(key)") }

    func index(_ index: Int) -> JSONPath { JSONPath("\(text)[\(index)]") }

    var description: String { text }
}

/// The issues collected so far; decoders append and carry on, so one pass reports everything.
struct IssueList: Sendable {
    private(set) var issues: [ValidationIssue] = []

    mutating func add(_ path: JSONPath, _ message: String) {
        issues.append(ValidationIssue(path: path.text, message: message))
    }

    var isEmpty: Bool { issues.isEmpty }
}
