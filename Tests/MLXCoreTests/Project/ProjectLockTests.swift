import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

/// Starts a shell that takes the lock with util-linux `flock`, writes "<pid> mlx push" as mlx
/// would, then becomes `sleep` (same pid, lock descriptor inherited) until the test kills it.
private func startHolder(lockPath: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "exec 9>>\"$0\"; flock -x 9; echo \"$$ mlx push\" > \"$0\"; exec sleep 60", lockPath]
    try process.run()
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        if let text = try? String(contentsOfFile: lockPath, encoding: .utf8), text.hasPrefix("\(process.processIdentifier) ") {
            return process
        }
        usleep(20_000)
    }
    process.terminate()
    throw ShellError(message: "the flock holder did not take the lock")
}

@Suite struct ProjectLockTests {
    @Test func secondAcquirerTimesOutNamingTheHolder() throws {
        let directory = TemporaryDirectory()
        let lockPath = directory.file(ProjectLock.relativePath)
        try FileManager.default.createDirectory(atPath: directory.file(".mlx/tmp"), withIntermediateDirectories: true)
        let holder = try startHolder(lockPath: lockPath)
        defer { if holder.isRunning { holder.terminate(); holder.waitUntilExit() } }

        let lock = ProjectLock(projectRoot: directory.path)
        let started = Date()
        let error = #expect(throws: LockError.self) { try lock.acquire(wait: 0.3, command: "add data") }
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(error?.holderPID == holder.processIdentifier)
        #expect(error?.holderCommand == "mlx push")
        #expect(error?.message == "the project is locked by pid \(holder.processIdentifier) (`mlx push`) after waiting 0.3 s")
        #expect(error?.hint == "wait for it to finish, or pass `--wait SECONDS` to wait longer")
        #expect(!lock.isHeld)

        // The kernel drops the lock when the holder dies.
        holder.terminate()
        holder.waitUntilExit()
        try lock.acquire(wait: 5, command: "add data")
        #expect(lock.isHeld)
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(getpid()) add data\n")
    }

    @Test func releaseAndDeinitHandTheLockOn() throws {
        let directory = TemporaryDirectory()
        let first = ProjectLock(projectRoot: directory.path)
        try first.acquire(wait: 0, command: "repro")
        let second = ProjectLock(projectRoot: directory.path)
        let error = #expect(throws: LockError.self) { try second.acquire(wait: 0, command: "gc") }
        #expect(error?.holderPID == getpid())
        #expect(error?.holderCommand == "repro")
        #expect(error?.message == "the project is locked by pid \(getpid()) (`repro`)")
        first.release()
        #expect(try String(contentsOfFile: directory.file(ProjectLock.relativePath), encoding: .utf8) == "")
        try second.acquire(wait: 0, command: "gc")

        var third: ProjectLock? = ProjectLock(projectRoot: directory.path)
        second.release()
        try third?.acquire(wait: 0, command: "pull")
        third = nil
        try ProjectLock(projectRoot: directory.path).acquire(wait: 0, command: "push")
    }

    @Test func unnamedHolderStillGivesAMessage() throws {
        let directory = TemporaryDirectory()
        let lockPath = directory.file("lock")
        // A holder that locked but has not written its note yet.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec 9>>\"$0\"; flock -x 9; touch \"$0.ready\"; exec sleep 60", lockPath]
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        while !FileManager.default.fileExists(atPath: lockPath + ".ready") { usleep(20_000) }
        let error = #expect(throws: LockError.self) { try ProjectLock(path: lockPath).acquire(wait: 0, command: "add") }
        #expect(error?.holderPID == nil)
        #expect(error?.description == "\(lockPath): the project is locked by another mlx process")
    }
}
