/// Shell-style patterns (`*`, `?`, `[…]`) expanded against the file system, for `--glob`.
public enum FileGlob {
    /// The paths `pattern` matches, in `glob(3)`'s sorted order; nil when it matches nothing.
    public static func matches(_ pattern: String) -> [String]? {
        Syscall.glob(pattern)
    }
}
