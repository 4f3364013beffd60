/// A git hook that `mlx install` writes, and the shell lines through which it calls mlx.
public enum GitHook: String, CaseIterable, Sendable {
    /// Refuses a commit while tracked data differs from its pointer files (`mlx status`).
    case preCommit = "pre-commit"
    /// Brings tracked data in line after a branch switch (`mlx checkout`).
    case postCheckout = "post-checkout"
    /// Pushes the data the pushed commits reference (`mlx push --hook`).
    case prePush = "pre-push"

    /// The file name git looks for in the hooks folder.
    public var name: String { rawValue }

    /// The line a person adds to a hook of their own so that it calls mlx as mlx's hook would.
    public var lineToAdd: String {
        switch self {
        case .preCommit: return "mlx status --data --exit-code || exit 1"
        case .postCheckout: return #"[ "$3" != 1 ] || mlx checkout --quiet"#
        case .prePush: return #"mlx push --hook "$@" || exit 1"#
        }
    }

    /// The whole script mlx writes; `displayPath` is where it lives, named in the message shown
    /// when `mlx` is missing from PATH.
    public func script(displayPath: String) -> String {
        let missing = Self.shellQuoted("mlx: not found on PATH; install mlx or remove \(displayPath)")
        let requireMLX = """
            if ! command -v mlx >/dev/null 2>&1; then
                echo \(missing) >&2
                exit 1
            fi
            """
        let header = """
            #!/bin/sh
            \(HookInstaller.marker): 'mlx install' rewrites this file while this line is in it,
            # and 'mlx install --uninstall' deletes it. Delete this line to make the hook your own.

            """
        switch self {
        case .preCommit:
            return header + """
                # Refuses the commit while data tracked by mlx differs from its pointer files.
                \(requireMLX)
                mlx status --data --exit-code
                case $? in
                    0) exit 0 ;;
                    1) echo "mlx: tracked data changed; run 'mlx commit' or 'mlx checkout'" >&2 ;;
                    *) echo "mlx: 'mlx status --data --exit-code' failed; see its message above" >&2 ;;
                esac
                exit 1

                """
        case .postCheckout:
            return header + """
                # git passes the previous HEAD, the new HEAD, and 1 for a branch switch (0 when
                # files were checked out); only a branch switch changes which data is wanted.
                [ "$3" = 1 ] || exit 0
                \(requireMLX)
                exec mlx checkout --quiet

                """
        case .prePush:
            return header + """
                # git passes the remote's name and URL as arguments and one line per pushed ref on
                # stdin, "<local ref> <local sha> <remote ref> <remote sha>"; mlx reads both and
                # pushes the data those commits reference.
                \(requireMLX)
                exec mlx push --hook "$@"

                """
        }
    }

    /// `text` in single quotes for sh, with any `'` inside closed, escaped and reopened.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
