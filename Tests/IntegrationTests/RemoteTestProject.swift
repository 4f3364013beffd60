import Foundation
import MLXTestSupport

/// A git repository holding an mlx project with a folder remote beside it, for the tests of
/// remote, push, fetch, pull and gc.
struct RemoteTestProject {
    let root: TemporaryDirectory
    /// The project (a git work tree).
    let path: String
    /// The folder remote, `../store` from the project.
    let store: String

    init() throws {
        root = TemporaryDirectory("mlx-remote-it")
        path = root.appending("a")
        store = root.appending("store")
        try root.initializeGitRepository(in: "a")
        // What `mlx init` writes; created by hand until init is on main.
        try root.write("a/.mlx/.gitignore", "/config.local\n/cache/\n/tmp/\n")
        try mlx(["remote", "add", "-d", "store", "../store"])
    }

    @discardableResult
    static func sh(_ script: String, in directory: String) throws -> ProcessResult {
        let result = try Shell.run(script, in: directory)
        guard result.status == 0 else { throw CommandFailure(message: "\(script) failed: \(result.stderr)") }
        return result
    }

    @discardableResult
    func sh(_ script: String) throws -> ProcessResult { try RemoteTestProject.sh(script, in: path) }

    /// Runs mlx in the project; throws unless it exits 0.
    @discardableResult
    func mlx(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        let result = try MLXBinary.run(arguments, in: directory ?? path)
        guard result.status == 0 else {
            throw CommandFailure(message: "mlx \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws { try root.write("a/" + relative, bytes) }

    /// A clone of the project's git repository next to it, with the same remote config (committed).
    func clone(_ name: String = "b") throws -> String {
        try RemoteTestProject.sh("git clone -q a \(name)", in: root.path)
        return root.appending(name)
    }

    /// Object files on the remote (relative keys), temporaries excluded.
    func remoteObjects() throws -> [String] {
        let out = try RemoteTestProject.sh("cd store 2>/dev/null && find files -type f ! -name '.mlx-tmp-*' | sort || true", in: root.path).stdout
        return out.split(separator: "\n").map(String.init)
    }
}

/// Deterministic bytes.
func bytes(_ count: Int, seed: Int) -> [UInt8] {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// A helper command that exited non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
