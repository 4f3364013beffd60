import Foundation

/// Real git repositories in temporary folders, driven by the `git` command line.
extension TemporaryDirectory {
    /// A new git repository in a temporary folder, on branch `main`, with an identity so
    /// commits work.
    public static func gitRepository(_ label: String = "mlx-it") throws -> TemporaryDirectory {
        let repository = TemporaryDirectory(label)
        try repository.initializeGitRepository()
        return repository
    }

    /// Makes the folder `relative` (created if need be) a git repository on branch `main`,
    /// with an identity so commits work.
    public func initializeGitRepository(in relative: String = "") throws {
        try git("init", "-q", "-b", "main", appending(relative))
        try git("config", "user.name", "test", in: relative)
        try git("config", "user.email", "test@example.com", in: relative)
    }

    /// Runs `git arguments…` in the folder `relative` and returns its trimmed stdout; throws
    /// with its stderr when it fails.
    ///
    /// git gets this folder as HOME and no system config, so the machine's git settings cannot
    /// change what the tests see.
    @discardableResult
    public func git(_ arguments: String..., in relative: String = "") throws -> String {
        let environment = ["HOME": path, "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": path + "/.xdg-unused"]
        let result = try Shell.execute(
            "/usr/bin/env",
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", "-C", appending(relative)]
                + arguments,
            environment: environment)
        guard result.status == 0 else {
            throw ShellError(message: "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `files` (path → text) into `relative`, stages everything there and commits with
    /// `message`; returns the new commit.
    @discardableResult
    public func commit(_ message: String, files: [String: String] = [:], in relative: String = "") throws -> String {
        for (name, content) in files {
            try write(relative.isEmpty ? name : relative + "/" + name, content)
        }
        try git("add", "-A", in: relative)
        try git("commit", "-q", "--allow-empty", "-m", message, in: relative)
        return try git("rev-parse", "HEAD", in: relative)
    }
}
