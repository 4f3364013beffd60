import Foundation
import MLXCore

extension GitRepository {
    /// The refs under `prefix` on the git remote `remote` (a remote's name or URL), with the
    /// commits they point to, as `git ls-remote` lists them.
    ///
    /// The `git` command line does the talking, so the user's transports, SSH set-up and
    /// credential helpers work as they do for `git push`; libgit2 would need each re-implemented.
    public func remoteReferences(_ remote: String, withPrefix prefix: String) throws -> [RefTip] {
        let output = try runGit(["ls-remote", "--refs", remote, prefix + "*"], remote: remote, doing: "list the refs of")
        return output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count == 2, fields[1].hasPrefix(prefix) else { return nil }
            return RefTip(name: String(fields[1]), commit: String(fields[0]))
        }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Pushes the refs `names` to the same names on `remote` (`git push REMOTE NAME:NAME…`);
    /// `force` replaces refs the remote has at other commits.
    public func pushReferences(_ names: [String], to remote: String, force: Bool) throws {
        guard !names.isEmpty else { return }
        let specs = names.map { (force ? "+" : "") + $0 + ":" + $0 }
        _ = try runGit(["push", "--quiet", "--no-verify", remote] + specs, remote: remote, doing: "push to")
    }

    /// Fetches the refs `names` of `remote` into the same names here (`git fetch REMOTE NAME:NAME…`);
    /// `force` replaces local refs at other commits.
    public func fetchReferences(_ names: [String], from remote: String, force: Bool) throws {
        guard !names.isEmpty else { return }
        let specs = names.map { (force ? "+" : "") + $0 + ":" + $0 }
        _ = try runGit(["fetch", "--quiet", "--no-tags", remote] + specs, remote: remote, doing: "fetch from")
    }

    /// Runs `git -C <work tree> arguments…` and returns its stdout.
    ///
    /// - Throws: ``GitError`` with git's last line of stderr, naming the remote.
    private func runGit(_ arguments: [String], remote: String, doing: String) throws -> String {
        let ran: ExternalCommand.Result
        do {
            ran = try ExternalCommand.run("git", ["-C", workTreeRoot] + arguments, in: workTreeRoot)
        } catch {
            throw GitError(.library, "cannot run git to \(doing) git remote '\(remote)': \(error)",
                           hint: "install git and make sure it is on PATH")
        }
        guard ran.status == 0 else {
            let lines = ran.errorText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let reason = lines.last { !$0.isEmpty && !$0.hasPrefix("hint:") } ?? "git exited with status \(ran.status)"
            let lowered = reason.hasPrefix("fatal: ") ? String(reason.dropFirst(7)) : reason.hasPrefix("error: ") ? String(reason.dropFirst(7)) : reason
            throw GitError(.library, "cannot \(doing) git remote '\(remote)': \(lowered)",
                           hint: ran.status == 127 ? "install git and make sure it is on PATH"
                               : "check the remote with `git remote -v` and that `git fetch \(remote)` works",
                           cause: lines.joined(separator: " | "))
        }
        return String(decoding: ran.stdout, as: UTF8.self)
    }
}
