import Foundation
import Glibc
@testable import MLXCore
import MLXTestSupport
import Testing

@Suite struct TemporaryFilesTests {
    /// The pid of a process that has ended.
    static func endedPid() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func info(ageSeconds: Int64) -> FileStat {
        let time = Syscall.nowNanoseconds() - ageSeconds * 1_000_000_000
        return FileStat(size: 1, mtimeNs: time, ctimeNs: time, inode: 1)
    }

    @Test func namesCarryThisMachinesTagAndThisProcesssPid() {
        let path = TemporaryFiles.path(in: "/data")
        let fields = path.dropFirst("/data/.mlx-tmp-".count).split(separator: "-")
        #expect(path.hasPrefix("/data/.mlx-tmp-"))
        #expect(fields.count == 3)
        #expect(fields[0] == TemporaryFiles.hostTag && fields[0].count == 8)
        #expect(fields[1] == String(getpid()))
        #expect(TemporaryFiles.isTemporary(path) && !TemporaryFiles.isTemporary("/data/.mlx-tmp/x"))
    }

    @Test func aTemporaryOfALiveProcessIsKeptAndOneOfAnEndedProcessIsStale() throws {
        let now = Syscall.nowNanoseconds()
        let mine = Syscall.baseName(of: TemporaryFiles.path(in: "/x"))
        #expect(!TemporaryFiles.isStale(name: mine, info: Self.info(ageSeconds: 0), unidentifiedAge: 0, now: now + 86_400 * 1_000_000_000))
        let ended = ".mlx-tmp-\(TemporaryFiles.hostTag)-\(try Self.endedPid())-ab12"
        #expect(TemporaryFiles.isStale(name: ended, info: Self.info(ageSeconds: 0), unidentifiedAge: .max, now: now))
    }

    @Test func aPidReusedByAProcessStartedAfterTheFileDoesNotKeepIt() {
        // pid 1 runs, but started at boot: a file made before then cannot be its.
        let name = ".mlx-tmp-\(TemporaryFiles.hostTag)-1-ab12"
        let beforeBoot = FileStat(size: 1, mtimeNs: 0, ctimeNs: 0, inode: 1)
        #expect(TemporaryFiles.isStale(name: name, info: beforeBoot, unidentifiedAge: .max, now: Syscall.nowNanoseconds()))
        #expect(!TemporaryFiles.isStale(name: name, info: Self.info(ageSeconds: 0), unidentifiedAge: 0, now: Syscall.nowNanoseconds()))
    }

    @Test func anotherMachinesOrAnOlderMlxsTemporaryIsJudgedByAge() {
        let now = Syscall.nowNanoseconds()
        let hour: Int64 = 3600 * 1_000_000_000
        for name in [".mlx-tmp-0badf00d-1-ab12", ".mlx-tmp-4d2-ab12", ".mlx-tmp-doctor-42"] where !name.contains(TemporaryFiles.hostTag) {
            #expect(!TemporaryFiles.isStale(name: name, info: Self.info(ageSeconds: 60), unidentifiedAge: hour, now: now))
            #expect(TemporaryFiles.isStale(name: name, info: Self.info(ageSeconds: 7200), unidentifiedAge: hour, now: now))
        }
        #expect(!TemporaryFiles.isStale(name: "notes.txt", info: Self.info(ageSeconds: 86_400), unidentifiedAge: 0, now: now))
    }

    @Test func sweepDeletesOnlyStaleTemporariesInSubfolders() throws {
        let folder = TemporaryDirectory()
        let ended = ".mlx-tmp-\(TemporaryFiles.hostTag)-\(try Self.endedPid())-ab12"
        let live = Syscall.baseName(of: TemporaryFiles.path(in: "/x"))
        for path in ["a/\(ended)", "a/\(live)", "a/b/\(ended)", "a/keep.bin", ended] { try folder.write(path, "partial") }
        let removed = TemporaryFiles.sweep(folder.appending("a"), recursive: true)
        #expect(Set(removed) == [folder.appending("a/\(ended)"), folder.appending("a/b/\(ended)")])
        #expect(folder.exists("a/\(live)") && folder.exists("a/keep.bin") && folder.exists(ended))
        #expect(TemporaryFiles.sweep(folder.path) == [folder.appending(ended)])
    }

    /// A writer killed while it wrote the cache's CACHEDIR.TAG left its temporary in the
    /// cache's top folder, which no writer swept (seen in `InterruptionTests`).
    @Test func theNextWriterSweepsAKilledWritersTemporaryFromTheCachesTopFolder() throws {
        let folder = TemporaryDirectory()
        let project = Project(root: folder.path)
        let ended = ".mlx-tmp-\(TemporaryFiles.hostTag)-\(try Self.endedPid())-ab12"
        try folder.write(".mlx/cache/" + ended, "Signature: 8a477f597d28d172789f06886806bc55\n")
        try project.withWriterLock(wait: 0, command: "test") {}
        #expect(!folder.exists(".mlx/cache/" + ended))
        #expect(folder.exists(".mlx/cache/CACHEDIR.TAG"))
    }

    @Test func aTemporaryIsRememberedUntilRenamedOrDeleted() throws {
        let folder = TemporaryDirectory()
        let path = TemporaryFiles.path(in: folder.path)
        let fd = try Syscall.open(path, .createNew)
        Syscall.close(fd)
        #expect(TemporaryFiles.remembered.contains(path))
        try Syscall.rename(path, folder.appending("done"))
        #expect(!TemporaryFiles.remembered.contains(path))
    }
}
