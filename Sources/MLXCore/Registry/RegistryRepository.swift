/// A registry: a git repository whose data other projects list, get and import, read from
/// git's objects at one commit without a checkout. MLXGit's bare clones implement it.
public protocol RegistryRepository: Sendable {
    /// The commit `revision` names (a branch, tag or commit id; `HEAD` is the default branch).
    func resolve(revision: String) throws -> String
    /// Every file of the tree at `commit`, with its kind; submodules are left out.
    func registryFiles(at commit: String) throws -> [RegistryFile]
    /// The bytes of each of `paths` at `revision`, in order, `nil` where no file is.
    func readFiles(_ paths: [String], at revision: String) throws -> [[UInt8]?]
}

/// One file of a registry's tree.
public struct RegistryFile: Sendable, Equatable {
    /// What git records for the file.
    public enum Kind: Sendable, Equatable {
        /// A file (mode 100644).
        case regular
        /// An executable file (mode 100755).
        case executable
        /// A symbolic link (mode 120000): its target is the blob's text.
        case symlink
    }

    /// Repository-relative, `/`-separated.
    public let path: String
    public let kind: Kind

    /// Creates a file entry.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}
