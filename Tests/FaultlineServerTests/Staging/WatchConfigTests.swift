/// `--watch-config`: the config file followed through editors' renames and a Kubernetes ConfigMap's symlink swap.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct WatchConfigTests {
    /// A directory laid out as a ConfigMap volume: `proxies.json` → `..data/proxies.json`, `..data` → `..v1`.
    final class ConfigMapVolume {
        let directory: String
        private var version = 0

        init(_ text: String) throws {
            var template = Array("/tmp/faultline-configmap-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw ServeFailure(description: "mkdtemp: errno \(errno)") }
            directory = String(cString: made)
            try publish(text)
            symlink("..data/proxies.json", directory + "/proxies.json")
        }

        var path: String { directory + "/proxies.json" }

        deinit {
            for name in ["proxies.json", "..data", "..data_tmp", "..v\(version)/proxies.json"] { unlink(directory + "/" + name) }
            rmdir(directory + "/..v\(version)")
            rmdir(directory)
        }

        /// What the kubelet does: a new timestamped directory, a new `..data_tmp` link renamed over `..data`, the
        /// old directory removed.
        func publish(_ text: String) throws {
            version += 1
            let name = "..v\(version)"
            mkdir(directory + "/" + name, 0o755)
            try WatchConfigTests.write(text, to: directory + "/" + name + "/proxies.json")
            unlink(directory + "/..data_tmp")
            symlink(name, directory + "/..data_tmp")
            guard rename(directory + "/..data_tmp", directory + "/..data") == 0 else {
                throw ServeFailure(description: "rename: errno \(errno)")
            }
            if version > 1 {
                let old = directory + "/..v\(version - 1)"
                unlink(old + "/proxies.json")
                rmdir(old)
            }
        }
    }

    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw ServeFailure(description: "fopen \(path): errno \(errno)") }
        fputs(text, file)
        fclose(file)
    }

    /// An editor's save: a temporary file renamed over the old one.
    static func save(_ text: String, to path: String) throws {
        try write(text, to: path + ".tmp")
        rename(path + ".tmp", path)
    }

    static func entry(_ name: String) -> String {
        #"{"name":"\#(name)","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}"#
    }

    static func names(_ server: ServeProcess) throws -> String {
        try AdminClient(port: server.adminPort).send("GET", "/proxies").bodyText
    }

    @Test func anEditorsSaveIsAppliedAndARemovedEntryDeletesItsProxy() throws {
        let server = try ServeProcess(config: "[\(Self.entry("a")), \(Self.entry("b"))]", arguments: ["--watch-config"])
        try Self.save("[\(Self.entry("a")), \(Self.entry("c"))]", to: server.configPath)
        #expect(TestClock.eventually(timeout: 10) {
            guard let body = try? Self.names(server) else { return false }
            return body.contains("\"c\"") && !body.contains("\"b\"")
        }, "\(server.process.stderr)")
        #expect(server.process.stderr.contains("config reloaded"))
        #expect(server.process.stderr.contains("removed=1"))
        // A proxy made through the API is never removed by the file.
        let client = try AdminClient(port: server.adminPort)
        #expect(try client.send("POST", "/proxies", Self.entry("api")).status == 201)
        try Self.save("[\(Self.entry("a"))]", to: server.configPath)
        #expect(TestClock.eventually(timeout: 10) { (try? Self.names(server))?.contains("\"c\"") == false })
        #expect(try Self.names(server).contains("\"api\""))
    }

    @Test func aConfigMapSymlinkSwapIsApplied() throws {
        let volume = try ConfigMapVolume("[\(Self.entry("one"))]")
        let process = try Subprocess(faultline: [
            "serve", "--port", "0", "--config", volume.path, "--watch-config", "--log-level", "info",
        ])
        #expect(TestClock.eventually(timeout: 20) { process.stderr.contains(" ready ") })
        let admin = try #require(ServeProcess.port(in: process.stderr, line: "admin API listening", key: "address"))
        try volume.publish("[\(Self.entry("one")), \(Self.entry("two"))]")
        #expect(TestClock.eventually(timeout: 10) {
            (try? AdminClient(port: admin).send("GET", "/proxies").bodyText)?.contains("\"two\"") == true
        }, "\(process.stderr)")
        // And again: the watch follows the new directory, not the one that was removed.
        try volume.publish("[\(Self.entry("three"))]")
        #expect(TestClock.eventually(timeout: 10) {
            (try? AdminClient(port: admin).send("GET", "/proxies").bodyText)?.contains("\"three\"") == true
        }, "\(process.stderr)")
        #expect(process.terminate() == 0)
    }

    @Test func aBrokenFileIsRefusedAndTheRunningConfigStays() throws {
        let server = try ServeProcess(config: "[\(Self.entry("keep"))]", arguments: ["--watch-config"])
        try Self.save(#"[{"name": "half", "listen": "#, to: server.configPath)
        #expect(TestClock.eventually(timeout: 10) {
            server.process.stderr.contains("config reload failed, running config kept")
        })
        #expect(server.process.stderr.contains("trigger=\"file changed\""), "\(server.process.stderr)")
        #expect(try Self.names(server).contains("\"keep\""))
        #expect(server.isServing)
        // SIGHUP keeps working once the file is whole again.
        try Self.write("[\(Self.entry("keep")), \(Self.entry("fixed"))]", to: server.configPath + ".sighup")
        rename(server.configPath + ".sighup", server.configPath)
        server.process.signal(SIGHUP)
        #expect(TestClock.eventually(timeout: 10) { (try? Self.names(server))?.contains("\"fixed\"") == true })
    }
}
