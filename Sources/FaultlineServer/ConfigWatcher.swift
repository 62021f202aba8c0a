/// `--watch-config`: the config file re-applied whenever its content changes, through inotify on the control loop.
import FaultlineCore
import FaultlinePosix

/// Watches the directory holding the file (and, when the path is a symlink, the directory of what it points to):
/// editors save by renaming a new file over the old one, and a Kubernetes ConfigMap volume swaps a `..data` symlink
/// to a new directory, so a watch on the file's own inode would miss both. Events are coalesced for `settle`, then
/// the file is read: only a content different from the last one seen is applied (`Server.reloadConfigFile`),
/// which keeps the running config when the new file is broken.
final class ConfigWatcher: EventHandler {
    /// Writers produce bursts of events (create, write, rename); one reload after the burst is what they meant.
    static let settle: Duration = .milliseconds(150)

    private let inotify: Inotify
    private let path: String
    private let loop: EpollLoop
    private let changed: () -> Void
    private var registration: Registration?
    private var watched: [String: CInt] = [:]
    private var pending: TimerID?
    private var lastContent: [UInt8]?

    /// Starts watching `path`; `changed` runs on the loop after its content changed.
    init(path: String, loop: EpollLoop, changed: @escaping () -> Void) throws(Errno) {
        inotify = try Inotify()
        self.path = path
        self.loop = loop
        self.changed = changed
        lastContent = try? FileReader.read(path)
        try watchDirectories()
        registration = try loop.register(inotify.descriptor.rawValue, .readable, self)
    }

    deinit {
        if let registration { loop.deregister(registration) }
        if let pending { loop.cancel(pending) }
    }

    func handle(_ events: Interest, registration: Registration) {
        guard inotify.drain() > 0, pending == nil else { return }
        pending = loop.schedule(at: loop.now + Self.settle) { [weak self] in self?.examine() }
    }

    /// The directory of the path, and of its target when it is a link (re-resolved after every change).
    private func watchDirectories() throws(Errno) {
        var directories = [Self.directory(of: path)]
        if let target = FileSystem.resolved(path) { directories.append(Self.directory(of: target)) }
        for directory in directories where watched[directory] == nil {
            watched[directory] = try inotify.watch(directory: directory)
        }
    }

    private func examine() {
        pending = nil
        try? watchDirectories()
        // A file missing or half-written right now is left to the next event; the running config stays.
        guard let content = try? FileReader.read(path), content != lastContent else { return }
        lastContent = content
        changed()
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension Server {
    /// Follows `configFile` (`--watch-config`): a changed file is applied as SIGHUP applies it.
    public func watchConfigFile() throws(FaultlineError) {
        guard let path = configFile, configWatcher == nil else { return }
        do {
            configWatcher = try ConfigWatcher(path: path, loop: loop) { [unowned self] in
                self.reloadConfigFile(trigger: "file changed")
            }
        } catch {
            throw .internalError("--watch-config \(path): \(error)")
        }
    }
}
