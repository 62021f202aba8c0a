/// Where the runner writes for people: the table (or JSON) on stdout, notices on stderr.
import FaultlinePosix

/// Two sinks, so tests can capture or silence what a run prints.
public struct RunnerConsole {
    /// stdout: the report table or JSON.
    public var out: (String) -> Void
    /// stderr: the plan, notices, the final status line.
    public var err: (String) -> Void
    /// True when `out` is a terminal, the only case in which the table is coloured.
    public var colour: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, colour: Bool = false) {
        self.out = out
        self.err = err
        self.colour = colour
    }

    /// The process's stdout and stderr; colour when stdout is a TTY.
    public static var standard: RunnerConsole {
        RunnerConsole(out: StandardOutput.write, err: StandardError.write, colour: StandardOutput.isTerminal)
    }

    /// Prints nothing.
    public static var silent: RunnerConsole { RunnerConsole(out: { _ in }, err: { _ in }) }

    /// One line for the operator.
    func notice(_ text: String) { err("faultline experiment: \(text)\n") }
}
