import Foundation

/// A fresh temporary folder per test, deleted when the test lets go of it, plus helpers that
/// build real repositories with the `git` command line.
final class Sandbox {
    /// The folder, with symlinks resolved so it compares equal to what libgit2 reports.
    let path: String

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        let folder = base.appendingPathComponent("mlxgit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relative` inside the sandbox.
    func url(_ relative: String) -> String {
        relative.isEmpty ? path : path + "/" + relative
    }

    func write(_ relative: String, _ content: String) throws {
        let file = url(relative)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(content.utf8).write(to: URL(fileURLWithPath: file))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: url(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative))
    }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: url(relative), withIntermediateDirectories: true)
    }

    /// Runs `git` in `relative` and returns its trimmed stdout; throws with stderr on failure.
    ///
    /// The child gets its own HOME and no system config, so the machine's git settings cannot
    /// change what the tests see.
    @discardableResult
    func git(_ arguments: String..., in relative: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main",
                             "-C", url(relative)] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["XDG_CONFIG_HOME"] = path + "/.xdg-unused"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitCommandFailed(arguments: arguments, stderr: String(decoding: err, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `files`, stages everything and commits with `message`; returns the new commit.
    @discardableResult
    func commit(_ message: String, files: [String: String] = [:], in relative: String = "") throws -> String {
        for (name, content) in files {
            try write(relative.isEmpty ? name : relative + "/" + name, content)
        }
        try git("add", "-A", in: relative)
        try git("commit", "-q", "--allow-empty", "-m", message, in: relative)
        return try git("rev-parse", "HEAD", in: relative)
    }
}

struct GitCommandFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let stderr: String
    var description: String { "git \(arguments.joined(separator: " ")) failed: \(stderr)" }
}
