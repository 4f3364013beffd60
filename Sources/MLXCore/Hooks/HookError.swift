/// Why `mlx install` could not put every hook in place.
public enum HookError: ReportableError, Equatable {
    /// Hooks that mlx did not write, left unchanged; their paths as shown to the user.
    case foreignHooks([String])
    /// A hook or the hooks folder could not be written; the second value is the system's reason.
    case cannotWrite(String, String)
    /// An existing hook could not be inspected.
    case cannotRead(String, String)

    public var message: String {
        switch self {
        case .foreignHooks(let paths):
            let noun = paths.count == 1 ? "hook" : "hooks"
            return "left \(paths.count) \(noun) unchanged because mlx did not write \(paths.count == 1 ? "it" : "them"): \(paths.joined(separator: ", "))"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason.lowercased())"
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason.lowercased())"
        }
    }

    public var hint: String? {
        switch self {
        case .foreignHooks:
            return "add the line shown above to each hook by hand, or move the hook away and run 'mlx install' again"
        case .cannotWrite, .cannotRead:
            return "check the permissions of the hooks folder"
        }
    }
}
