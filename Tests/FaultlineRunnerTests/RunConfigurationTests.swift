/// The precedence of `--admin`, `TOXIPROXY_URL`, the file and the default; of `--seed` and `--report`.
import FaultlineExperiment
import FaultlineRunner
import Testing

@Suite struct RunConfigurationTests {
    static func file(admin: String?, seed: UInt64?, report: String?) throws -> ExperimentFile {
        var text = Experiments.json(admin: admin ?? "", url: "http://127.0.0.1:9/", faults: Experiments.latency(10))
        if admin == nil { text = text.replacing(#""admin": "","#, with: "") }
        text = text.replacing(#""seed": 11,"#, with: seed.map { #""seed": \#($0),"# } ?? "")
        if let report { text = text.replacing(#""title":"#, with: #""report": {"json": "\#(report)"}, "title":"#) }
        return try Experiments.decode(text)
    }

    @Test(
        arguments: [
            ("http://flag:1", "http://env:2", "http://file:3", "http://flag:1"),
            (nil, "http://env:2", "http://file:3", "http://env:2"),
            (nil, "", "http://file:3", "http://file:3"),
            (nil, nil, nil, ExperimentFile.defaultAdmin),
        ] as [(String?, String?, String?, String)])
    func adminPrecedence(flag: String?, environment: String?, file: String?, expected: String) throws {
        let configuration = RunConfiguration.resolve(
            file: try Self.file(admin: file, seed: 5, report: nil), adminFlag: flag, environmentAdmin: environment,
            seedFlag: nil, reportFlag: nil, randomSeed: 1, randomRunID: 2)
        #expect(configuration.admin == expected)
    }

    @Test func seedAndReportPrecedence() throws {
        let file = try Self.file(admin: nil, seed: 5, report: "from-file.json")
        let flags = RunConfiguration.resolve(
            file: file, adminFlag: nil, environmentAdmin: nil, seedFlag: 9, reportFlag: "flag.json", randomSeed: 1,
            randomRunID: 2)
        #expect(flags.seed == 9 && flags.reportPath == "flag.json")
        let fromFile = RunConfiguration.resolve(
            file: file, adminFlag: nil, environmentAdmin: nil, seedFlag: nil, reportFlag: nil, randomSeed: 1,
            randomRunID: 2)
        #expect(fromFile.seed == 5 && fromFile.reportPath == "from-file.json")
        let defaults = RunConfiguration.resolve(
            file: try Self.file(admin: nil, seed: nil, report: nil), adminFlag: nil, environmentAdmin: nil,
            seedFlag: nil, reportFlag: nil, randomSeed: 77, randomRunID: 2)
        #expect(defaults.seed == 77 && defaults.reportPath == RunConfiguration.defaultReportPath)
        #expect(defaults.runID.count == 8)
    }
}
