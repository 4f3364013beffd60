/// What ``HookInstaller`` did to each hook.
public struct HookReport: Sendable, Equatable {
    /// What happened to one hook.
    public enum Action: Sendable, Equatable {
        /// mlx's hook was written where there was none.
        case created
        /// mlx's own hook was rewritten because its script or permissions differed.
        case updated
        /// mlx's own hook was already as it should be.
        case unchanged
        /// mlx's own hook was deleted (`--uninstall`).
        case removed
        /// There was no hook to remove (`--uninstall`).
        case absent
        /// A hook mlx did not write; it was left exactly as it was.
        case foreign
    }

    /// One hook and what happened to it.
    public struct Entry: Sendable, Equatable {
        public let hook: GitHook
        /// Where it lives, relative to the work tree's root when inside it.
        public let path: String
        public let action: Action

        public init(hook: GitHook, path: String, action: Action) {
            self.hook = hook
            self.path = path
            self.action = action
        }
    }

    /// One entry per hook, in ``GitHook`` order.
    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The hooks that belong to someone else.
    public var foreign: [Entry] { entries.filter { $0.action == .foreign } }

    /// The error `mlx install` ends with when it had to leave foreign hooks in place, else `nil`.
    public var foreignHooksError: HookError? {
        foreign.isEmpty ? nil : .foreignHooks(foreign.map(\.path))
    }
}
