/// A test precondition that did not hold (a socket call failed, a binary is missing), with its reason.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
