/// The fuzz targets' `main` in a normal build: run every file (or every file of a directory) through a target.
// Fuzz/ is outside Sources, so reading files with Glibc here breaks no layering rule (FaultlineTestSupport does too).
import Glibc

public enum Replay {
    /// Runs `target` over the inputs named on the command line; exits 64 without any, 66 for an unreadable one.
    /// A broken invariant traps inside `target`, naming the invariant; the last "input:" line names the file.
    public static func main(_ name: String, _ target: ([UInt8]) -> Void) -> Never {
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            print("usage: \(name) FILE|DIR ...  (replays inputs through the \(name) fuzz target)")
            exit(64)
        }
        var count = 0
        for argument in arguments {
            for path in files(at: argument) {
                guard let bytes = read(path) else {
                    print("\(name): cannot read \(path)")
                    exit(66)
                }
                print("input: \(path)")
                target(bytes)
                count += 1
            }
        }
        print("\(name): \(count) inputs replayed, every invariant held")
        exit(0)
    }

    /// `path` itself, or the regular files directly inside it, sorted so replays are reproducible.
    static func files(at path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(path + "/" + name)
        }
        return names.sorted().filter { isRegularFile($0) }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[..<count]
            if count < buffer.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}
