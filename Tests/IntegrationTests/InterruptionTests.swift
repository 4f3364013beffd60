import Foundation
import MLXTestSupport
import Testing

/// SIGINT and SIGTERM during add, checkout and push: mlx exits 130/143 and leaves no temporary
/// in `.mlx`, the work tree or the folder remote. `kill -9` at random moments, then the same
/// command again: the second run sweeps what the killed one left. `MLX_INTERRUPT_TRIALS` sets
/// how many trials each test makes (default 2 per signal, 4 kills); each test prints
/// `tried N / held N` for the reliability figures.
@Suite(.serialized) struct InterruptionTests {
    static let trials = Int(ProcessInfo.processInfo.environment["MLX_INTERRUPT_TRIALS"] ?? "") ?? 2

    @Test(arguments: [SIGINT, SIGTERM])
    func signalDuringAddOfALargeFileRemovesItsTemporariesAndExits128PlusTheSignal(signal: Int32) throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try Shell.check("head -c 700M /dev/zero > big.bin", in: repo.path)
        var held = 0, landed = 0
        for _ in 0..<Self.trials {
            let staging = repo.appending(".mlx/cache/staging")
            // Signalled once the copy into the cache has begun: mid-copy.
            let status = try Interrupted.run(["add", "-q", "big.bin"], in: repo.path, signal: signal) {
                !((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty
            }
            if status == 0 { continue }
            landed += 1
            let left = try Interrupted.temporaries(in: repo.path)
            #expect(status == 128 + signal)
            #expect(left == [], "temporaries left: \(left)")
            #expect(!repo.exists("big.bin.mlx"))
            if status == 128 + signal && left.isEmpty { held += 1 }
        }
        #expect(landed > 0, "every add finished before the signal")
        Interrupted.report("signal \(signal) during add of a 700 MiB file", tried: landed, held: held)
    }

    @Test func aSignalIgnoredWhenMlxStartsStaysIgnored() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try Shell.check("head -c 700M /dev/zero > big.bin", in: repo.path)
        // As a shell script's background job starts: SIGINT ignored.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' INT; exec \"$0\" add -q big.bin", MLXBinary.path]
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let staging = repo.appending(".mlx/cache/staging")
        while process.isRunning && ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty { usleep(1_000) }
        kill(process.processIdentifier, SIGINT)
        usleep(200_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        // 0 when the add was done before SIGTERM came; never 130.
        #expect([143, 0].contains(process.terminationStatus), "exit status \(process.terminationStatus)")
        #expect(try Interrupted.temporaries(in: repo.path) == [])
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalDuringCheckoutOfManyFilesRemovesItsTemporaries(signal: Int32) throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try Interrupted.writeDataSet(in: repo.path)
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/set"], in: repo.path))
        var held = 0, landed = 0
        for _ in 0..<Self.trials {
            try FileTree.removeAll(repo.appending("data/set"))
            let status = try Interrupted.run(["checkout"], in: repo.path, signal: signal) {
                FileManager.default.fileExists(atPath: repo.appending("data/set"))
            }
            if status == 0 { continue }
            landed += 1
            let left = try Interrupted.temporaries(in: repo.path)
            #expect(status == 128 + signal)
            #expect(left == [], "temporaries left: \(left)")
            if status == 128 + signal && left.isEmpty { held += 1 }
        }
        #expect(landed > 0, "every checkout finished before the signal")
        try expectSuccess(try MLXBinary.run(["checkout"], in: repo.path))
        try expectSuccess(try MLXBinary.run(["status", "--exit-code"], in: repo.path))
        Interrupted.report("signal \(signal) during checkout of 2,004 files", tried: landed, held: held)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalDuringPushToAFolderRemoteRemovesItsTemporariesThere(signal: Int32) throws {
        let project = try RemoteTestProject()
        try Interrupted.writeDataSet(in: project.path)
        try project.mlx(["add", "-q", "data/set"])
        var held = 0, landed = 0
        for _ in 0..<Self.trials {
            try Shell.check("rm -rf '\(project.store)'")
            let status = try Interrupted.run(["push", "-q"], in: project.path, signal: signal) {
                FileManager.default.fileExists(atPath: project.store + "/files/blake3")
            }
            if status == 0 { continue }
            landed += 1
            let left = try Interrupted.temporaries(in: project.path) + Interrupted.temporaries(in: project.store)
            #expect(status == 128 + signal)
            #expect(left == [], "temporaries left: \(left)")
            if status == 128 + signal && left.isEmpty { held += 1 }
        }
        #expect(landed > 0, "every push finished before the signal")
        try project.mlx(["push", "-q"])
        Interrupted.report("signal \(signal) during push to a folder remote", tried: landed, held: held)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalDuringReproReachesTheStageCommandAndMlxExitsAfterIt(signal: Int32) throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try repo.write("mlx.yaml", """
            stages:
              slow:
                cmd: sleep 20 & child=$!; trap "kill $child; sleep 1; echo got > got.txt; exit 3" INT TERM; touch started.txt; wait
                outs: [out.txt]

            """)
        let status = try Interrupted.run(["repro"], in: repo.path, signal: signal) { repo.exists("started.txt") }
        #expect(status == 128 + signal)
        // The stage's trap took a second and wrote got.txt before mlx exited.
        #expect(repo.exists("got.txt"))
        #expect(try Interrupted.temporaries(in: repo.path) == [])
    }

    @Test func killDuringAddThenAddAgainLeavesNoTemporary() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try Interrupted.writeDataSet(in: repo.path)
        try Shell.check("head -c 300M /dev/zero > data/set/huge.bin", in: repo.path)
        try killThenRunAgain(["add", "-q", "data/set"], in: repo.path, also: []) {
            try Shell.check("rm -rf .mlx/cache .mlx/tmp data/set.mlx", in: repo.path)
        }
    }

    @Test func killDuringCheckoutThenCheckoutAgainLeavesNoTemporary() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try Interrupted.writeDataSet(in: repo.path)
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/set"], in: repo.path))
        try killThenRunAgain(["checkout"], in: repo.path, also: []) {
            try FileTree.removeAll(repo.appending("data/set"))
        }
    }

    @Test func killDuringPushThenPushAgainLeavesNoTemporary() throws {
        let project = try RemoteTestProject()
        try Interrupted.writeDataSet(in: project.path)
        try project.mlx(["add", "-q", "data/set"])
        try killThenRunAgain(["push", "-q"], in: project.path, also: [project.store]) {
            try Shell.check("rm -rf '\(project.store)'")
        }
    }

    /// Runs `mlx arguments` `2 × trials` times, each killed with SIGKILL after 20–600 ms, then
    /// runs it again to completion and expects no temporary left in `folder` and `also`.
    private func killThenRunAgain(_ arguments: [String], in folder: String, also: [String], reset: () throws -> Void) throws {
        let trials = 2 * Self.trials
        var held = 0, leftByKill = 0
        for trial in 0..<trials {
            try reset()
            let delay = 20_000 + (trial * 580_000) / max(1, trials - 1)
            let process = try Interrupted.start(arguments, in: folder)
            usleep(UInt32(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let folders = [folder] + also
            if try !folders.flatMap(Interrupted.temporaries).isEmpty { leftByKill += 1 }
            let again = try MLXBinary.run(arguments, in: folder)
            let left = try folders.flatMap(Interrupted.temporaries)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(left == [], "after a kill at \(delay / 1000) ms and a second run: \(left)")
            if again.status == 0 && left.isEmpty { held += 1 }
        }
        let name = arguments[0]
        Interrupted.report("kill -9 during \(name), then \(name) again (\(leftByKill) kills left temporaries)", tried: trials, held: held)
    }
}

/// Starting mlx and interrupting it.
enum Interrupted {
    /// Runs `mlx arguments` in `folder`, sends `signal` as soon as `ready` holds, and returns the
    /// exit status (0 when mlx finished first; minus the signal's number when mlx died of it
    /// instead of exiting).
    static func run(_ arguments: [String], in folder: String, signal: Int32, when ready: () -> Bool) throws -> Int32 {
        let process = try start(arguments, in: folder)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && !ready() && Date() < deadline { usleep(1_000) }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }

    static func start(_ arguments: [String], in folder: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MLXBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every `.mlx-tmp-*` file under `folder` (git's own folder aside).
    static func temporaries(in folder: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        let found = try Shell.check("find '\(folder)' -name '.mlx-tmp-*' -not -path '*/.git/*'")
        return found.split(separator: "\n").map(String.init)
    }

    /// 2,000 small files in 20 folders and 4 of 8 MiB under `data/set`.
    static func writeDataSet(in folder: String) throws {
        try Shell.check("""
            for d in $(seq 0 19); do mkdir -p data/set/f$d; for i in $(seq 0 99); do \
            printf '%d-%d-%0*d' $d $i $(( (i % 7) * 300 )) 0 > data/set/f$d/$i.bin; done; done; \
            for i in 0 1 2 3; do head -c 8M /dev/urandom > data/set/large$i.bin; done
            """, in: folder)
    }

    static func report(_ category: String, tried: Int, held: Int) {
        print("reliability: \(category): tried \(tried) / held \(held)")
    }
}
