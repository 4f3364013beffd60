/// What a walk of a tracked directory found: its files, and what a `TreeMemo` needs to tell later
/// that the walk would find the same files again.
struct WalkedTree: Sendable {
    /// A folder the walk listed (empty ones included), with the facts taken before listing it.
    struct Folder: Sendable {
        /// Path inside the walked directory, `/`-separated; empty for the directory itself.
        let relpath: String
        let stat: FileStat
    }

    /// The files, sorted by relpath in byte order.
    var files: [WalkedFile] = []
    /// Every folder listed, the walked directory first.
    var folders: [Folder] = []
    /// Whether any file was reached through a symlink (whose target can change while the link's
    /// own facts do not).
    var followedLinks = false
}
