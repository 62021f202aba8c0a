/// Why a JSON report could not be read back: every problem, each at the JSON path of the bad field.

public struct ReportDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
