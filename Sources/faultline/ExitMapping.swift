/// THE map from a failed client command to its one-line message and exit code; nothing else in the CLI words errors.
import ArgumentParser
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

enum ExitMapping {
    /// What the command was doing, so the message can name the proxy and toxic.
    enum Activity: Equatable, Sendable {
        case listProxies
        case retrieveProxy(String)
        case createProxy(String)
        case toggleProxy(String)
        case deleteProxy(String)
        case addToxic(String, proxy: String)
        case updateToxic(String, proxy: String)
        case removeToxic(String, proxy: String)
        case cleanUpExperiments(admin: String)
        case checkHealth
        case readToken
    }

    enum Failure: Error, Equatable, Sendable {
        /// A client call failed while doing something.
        case client(ClientError, Activity)
        /// An argument the command checked itself (`.invalidValue(field:reason:)` names the flag).
        case argument(FaultlineError)
        /// An experiment file failed validation; every issue names its JSON path.
        case experimentFile(String, ExperimentValidationError)
        /// A JSON report could not be read back; every issue names the path of its bad field.
        case reportFile(String, ReportDecodingError)
        /// `experiment cleanup` could not undo everything; each line names the change and why.
        case cleanupIncomplete([String])
    }

    /// The server refused the request (toxiproxy-cli exits 1 for every failure; so do we for these).
    static let refused: Int32 = 1
    /// Bad arguments: the code ArgumentParser itself uses for usage errors (sysexits EX_USAGE).
    static let usage: Int32 = 64
    /// The admin API could not be reached (EX_UNAVAILABLE).
    static let unavailable: Int32 = 69
    /// The server answered something that is not the admin API (EX_PROTOCOL).
    static let garbled: Int32 = 76
    /// Changes a run made are still in place (EX_SOFTWARE, as a run whose rollback failed exits).
    static let incomplete: Int32 = 70

    static func message(for failure: Failure) -> String {
        switch failure {
        case .client(.invalidEndpoint(let text, let reason), _):
            return "Invalid --host (or TOXIPROXY_URL) '\(text)': \(reason)"
        case .client(.invalidToken(let path, let reason), _):
            return "Invalid --token-file '\(path)': \(reason)"
        case .client(.api(401, let text), let activity):
            // A server with --admin-token-file: say where the token comes from.
            return "\(describe(activity)): HTTP 401: \(text) (set \(Client.tokenVariable) or pass --token-file)"
        case .client(let error, let activity):
            return "\(describe(activity)): \(error)"
        case .argument(.invalidValue(let field, let reason)):
            return "Invalid \(field): \(reason)"
        case .argument(let error):
            return error.message
        case .experimentFile(let path, let error):
            return error.issues.map { "\(path): \($0)" }.joined(separator: "\n")
        case .reportFile(let path, let error):
            return error.issues.map { "\(path): \($0)" }.joined(separator: "\n")
                + "\n\(path): not a Faultline experiment report that this version can read"
        case .cleanupIncomplete(let failures):
            return (failures + ["cleanup incomplete: the state files that list these were kept; run it again"])
                .joined(separator: "\n")
        }
    }

    static func exitCode(for failure: Failure) -> Int32 {
        switch failure {
        case .client(.api, _): refused
        case .client(.transport, _): unavailable
        case .client(.decoding, _): garbled
        case .client(.invalidEndpoint, _), .client(.invalidToken, _), .argument: usage
        case .experimentFile: ExperimentValidationError.exitCode
        case .reportFile: usage
        case .cleanupIncomplete: incomplete
        }
    }

    /// Writes the message to stderr and returns the exit code to throw.
    static func report(_ failure: Failure) -> ExitCode {
        StandardError.write(message(for: failure) + "\n")
        return ExitCode(exitCode(for: failure))
    }

    /// Runs one client call; a failure is reported and ends the command.
    static func attempt<T>(_ activity: Activity, _ body: () throws(ClientError) -> T) throws(ExitCode) -> T {
        do throws(ClientError) { return try body() } catch { throw report(.client(error, activity)) }
    }

    /// Checks arguments in `validate()`; a failure is reported and ends the command before any request.
    static func check<T>(_ body: () throws(FaultlineError) -> T) throws(ExitCode) -> T {
        do throws(FaultlineError) { return try body() } catch { throw report(.argument(error)) }
    }

    private static func describe(_ activity: Activity) -> String {
        switch activity {
        case .listProxies: "Failed to retrieve proxies"
        case .retrieveProxy(let proxy): "Failed to retrieve proxy \(proxy)"
        case .createProxy(let proxy): "Failed to create proxy \(proxy)"
        case .toggleProxy(let proxy): "Failed to toggle proxy \(proxy)"
        case .deleteProxy(let proxy): "Failed to delete proxy \(proxy)"
        case .addToxic(let toxic, let proxy): "Failed to add toxic \(toxic) to proxy \(proxy)"
        case .updateToxic(let toxic, let proxy): "Failed to update toxic \(toxic) on proxy \(proxy)"
        case .removeToxic(let toxic, let proxy): "Failed to remove toxic \(toxic) from proxy \(proxy)"
        case .cleanUpExperiments(let admin): "Failed to clean up experiments on \(admin)"
        case .checkHealth: "Health check failed"
        case .readToken: "Cannot read the token"
        }
    }
}
