import Synchronization

/// Finding and deleting temporaries that an interrupted or killed mlx left behind.
///
/// A temporary is stale when the process that made it is gone: its name carries this machine's
/// tag and a pid, and no process with that pid runs that had started by the time the file was
/// created (a pid reused since then started later). Readers do not take the project lock and a
/// cache or a folder remote may be shared, so "older than the lock" is not enough; a live
/// writer's temporaries are never touched. A temporary whose owner cannot be checked — made on
/// another machine, or named by an older mlx without a host tag — is stale once it has not
/// changed for `unidentifiedAge` nanoseconds.
extension TemporaryFiles {
    /// For temporaries in the project (cache, `.mlx/tmp`, work tree) whose owner cannot be
    /// checked: one minute, far longer than any single write takes to reach its rename.
    public static let localUnidentifiedAge: Int64 = 60 * 1_000_000_000
    /// For a folder remote, which other machines may be pushing to: a push stages its whole
    /// batch before renaming, so a live temporary can sit unchanged for a long time.
    public static let remoteUnidentifiedAge: Int64 = 24 * 3600 * 1_000_000_000

    /// Whether the temporary named `name` with `info` is abandoned (see the type's comment).
    public static func isStale(name: String, info: FileStat, unidentifiedAge: Int64, now: Int64) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let fields = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        if fields.count == 3, fields[0] == hostTag, let pid = Int32(fields[1]), pid > 0 {
            guard let started = ProcessStart.seconds(of: pid) else { return true }
            // /proc counts in clock ticks from a boot time in whole seconds: allow that slack.
            return started > info.ctimeNs / 1_000_000_000 + 2
        }
        return now - info.mtimeNs > unidentifiedAge
    }

    /// Deletes the stale temporaries in `folder` (and its subfolders with `recursive`); returns
    /// their paths. Folders that cannot be read are skipped: sweeping is tidying, never the
    /// reason a command fails.
    @discardableResult
    public static func sweep(_ folder: String, recursive: Bool = false, unidentifiedAge: Int64 = localUnidentifiedAge,
                             now: Int64? = nil) -> [String] {
        let now = now ?? Syscall.nowNanoseconds()
        var stale: [String] = []
        var folders: [String] = []
        try? Syscall.forEachEntry(in: folder) { entry in
            let path = folder + "/" + entry.name
            if entry.name.hasPrefix(prefix) {
                guard let info = try? entry.lstat(), !info.isDirectory,
                      isStale(name: entry.name, info: info, unidentifiedAge: unidentifiedAge, now: now) else { return }
                stale.append(path)
            } else if recursive, let info = try? entry.lstat(), info.isDirectory {
                folders.append(path)
            }
        }
        var removed = stale.filter { (try? Syscall.unlink($0)) == true }
        for path in folders {
            removed += sweep(path, recursive: true, unidentifiedAge: unidentifiedAge, now: now)
        }
        return removed
    }

    /// `sweep(folder)` the first time this process writes into `folder`: a command that writes
    /// many files into one folder (a checkout, a push) reads the folder once.
    public static func sweepOnce(_ folder: String, unidentifiedAge: Int64 = localUnidentifiedAge) {
        guard sweptFolders.withLock({ $0.insert(folder).inserted }) else { return }
        sweep(folder, unidentifiedAge: unidentifiedAge)
    }

    private static let sweptFolders = Mutex(Set<String>())
}

/// When a process started, from Linux's `/proc`.
enum ProcessStart {
    /// Seconds since the epoch at which `pid` started; nil when no such process runs. A process
    /// that exists but cannot be inspected counts as started long ago (it may be a writer).
    /// Live processes are remembered for the run (a sweep of many folders asks about the same
    /// few pids); a dead one is asked again, as its pid may be reused by a new writer.
    static func seconds(of pid: Int32) -> Int64? {
        if let known = live.withLock({ $0[pid] }) { return known }
        guard let value = look(pid) else { return nil }
        live.withLock { $0[pid] = value }
        return value
    }

    private static let live = Mutex([Int32: Int64]())

    private static func look(_ pid: Int32) -> Int64? {
        if !Syscall.processExists(pid) { return nil }
        guard let stat = try? Syscall.readFile("/proc/\(pid)/stat", limit: 4096),
              let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        // Fields after the command name start at field 3 (state); starttime is field 22.
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 19, let ticks = Int64(String(decoding: fields[19], as: UTF8.self)),
              let boot = bootSeconds else { return 0 }
        let perSecond = Syscall.clockTicksPerSecond
        return boot + ticks / max(1, perSecond)
    }

    private static let bootSeconds: Int64? = {
        guard let text = try? Syscall.readFile("/proc/stat", limit: 1 << 20) else { return nil }
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where line.hasPrefix("btime ") {
            return line.split(separator: " ").last.flatMap { Int64($0) }
        }
        return nil
    }()
}
