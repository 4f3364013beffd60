import Foundation

/// `mlx install`: writes, updates and removes mlx's git hooks, and never touches anyone else's.
///
/// mlx recognises its own hooks by ``marker``, a comment line in every script it writes. A hook
/// without it — or a symbolic link, which some hook managers use — is foreign: it is reported
/// together with the line to add by hand, and left as it is.
public struct HookInstaller: Sendable {
    /// The comment line that marks a hook as mlx's own.
    public static let marker = "# mlx-managed hook"

    /// The folder git runs hooks from (``SourceControl/hooksDirectory``).
    public let hooksDirectory: String
    /// The work tree's root; hook paths are shown relative to it when they lie inside it.
    public let workTreeRoot: String

    /// An installer for the hooks in `hooksDirectory`.
    public init(hooksDirectory: String, workTreeRoot: String) {
        self.hooksDirectory = hooksDirectory
        self.workTreeRoot = workTreeRoot
    }

    /// An installer for the hooks folder of `sourceControl` (`core.hooksPath` included).
    ///
    /// - Throws: what reading `core.hooksPath` throws.
    public init(sourceControl: any SourceControl) throws {
        self.init(hooksDirectory: try sourceControl.hooksDirectory, workTreeRoot: sourceControl.workTreeRoot)
    }

    /// Where `hook` lives: relative to the work tree's root when inside it (`.git/hooks/pre-push`).
    public func displayPath(of hook: GitHook) -> String {
        let path = hooksDirectory + "/" + hook.name
        return path.hasPrefix(workTreeRoot + "/") ? String(path.dropFirst(workTreeRoot.count + 1)) : path
    }

    /// The script mlx writes for `hook` here.
    public func script(for hook: GitHook) -> String {
        hook.script(displayPath: displayPath(of: hook))
    }

    /// Writes each of mlx's hooks, creating the hooks folder if needed: a missing hook is
    /// created, mlx's own is brought up to date, a foreign one is left alone and reported.
    ///
    /// The work tree's root must hold an mlx project: git runs hooks there, and they call mlx
    /// there. Removing hooks needs no project.
    ///
    /// - Throws: ``ProjectError/notAProject(_:)`` when the root has no `.mlx/`; ``HookError``
    ///   when the folder or a hook cannot be written. Foreign hooks are not thrown but listed in
    ///   the report (see ``HookReport/foreignHooksError``).
    @discardableResult
    public func install() throws -> HookReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workTreeRoot + "/.mlx", isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProjectError.notAProject(workTreeRoot)
        }
        do {
            try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        } catch {
            throw HookError.cannotWrite(hooksDirectory, (error as NSError).localizedDescription)
        }
        var entries: [HookReport.Entry] = []
        for hook in GitHook.allCases {
            let path = hooksDirectory + "/" + hook.name
            let wanted = Array(script(for: hook).utf8)
            let action: HookReport.Action
            switch try existing(at: path) {
            case .absent: action = .created
            case .foreign: action = .foreign
            case .mlx(let bytes, let permissions):
                action = bytes == wanted && permissions == 0o755 ? .unchanged : .updated
            }
            if action == .created || action == .updated {
                do {
                    try AtomicFile.write(wanted, to: path, permissions: 0o755)
                } catch {
                    throw HookError.cannotWrite(path, error.message)
                }
            }
            entries.append(HookReport.Entry(hook: hook, path: displayPath(of: hook), action: action))
        }
        return HookReport(entries: entries)
    }

    /// Removes mlx's own hooks; foreign hooks and missing ones are reported and left alone.
    ///
    /// - Throws: ``HookError/cannotWrite(_:_:)`` when one of mlx's hooks cannot be removed.
    @discardableResult
    public func uninstall() throws -> HookReport {
        var entries: [HookReport.Entry] = []
        for hook in GitHook.allCases {
            let path = hooksDirectory + "/" + hook.name
            let action: HookReport.Action
            switch try existing(at: path) {
            case .absent: action = .absent
            case .foreign: action = .foreign
            case .mlx:
                do {
                    try Syscall.unlink(path)
                } catch {
                    throw HookError.cannotWrite(path, FileSystemError.describe(errno: error.code))
                }
                action = .removed
            }
            entries.append(HookReport.Entry(hook: hook, path: displayPath(of: hook), action: action))
        }
        return HookReport(entries: entries)
    }

    private enum Existing {
        case absent
        case foreign
        case mlx(bytes: [UInt8], permissions: UInt32)
    }

    /// What is at `path` now. Only a regular file holding ``marker`` as a line is mlx's.
    private func existing(at path: String) throws -> Existing {
        let info: FileStat
        do {
            info = try Syscall.lstat(path)
        } catch {
            if error.code == Syscall.Errno.noSuchFile { return .absent }
            throw HookError.cannotRead(path, FileSystemError.describe(errno: error.code))
        }
        guard info.isRegular else { return .foreign }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HookError.cannotRead(path, "cannot read the file")
        }
        let isMLX = String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .contains { $0.hasPrefix(Self.marker) }
        return isMLX ? .mlx(bytes: Array(data), permissions: info.permissions) : .foreign
    }
}
