import Foundation
internal import CGit2
import MLXCore

/// Bare clones of registry repositories (`mlx list`, `get`, `import`, `update`), one per URL in
/// one folder, so that reading a repository again fetches what is new instead of cloning it anew.
///
/// Nothing is ever checked out: the clones are bare and mlx reads their trees and blobs.
public struct RegistryCloneCache: Sendable {
    /// The folder holding the clones (`.mlx/tmp/registry` in a project).
    public let root: String

    /// A cache of clones in `root`, created when first used.
    public init(root: String) {
        self.root = root
    }

    /// The bare clone of `url`, brought up to date with the repository's branches and tags, its
    /// `HEAD` set to the repository's default branch; cloned first when the cache has none.
    ///
    /// - Throws: ``GitError`` naming the URL when the repository cannot be reached or read.
    public func open(_ url: String) throws -> GitRepository {
        GitLibrary.initialize()
        let source = Self.locator(of: url)
        let folder = root + "/" + Self.folderName(for: source)
        if FileManager.default.fileExists(atPath: folder) {
            let repository = try GitRepository.openBare(at: folder)
            try repository.fetch(from: source, displayURL: url)
            return repository
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let temporary = root + "/" + TemporaryFiles.prefix + UUID().uuidString
        do {
            try GitRepository.initializeBare(at: temporary)
            let fresh = try GitRepository.openBare(at: temporary)
            try fresh.fetch(from: source, displayURL: url)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: folder)
        } catch {
            // Another mlx cloned the same repository meanwhile: use its clone.
            try? FileManager.default.removeItem(atPath: temporary)
            guard FileManager.default.fileExists(atPath: folder) else { throw error }
        }
        return try GitRepository.openBare(at: folder)
    }

    /// What libgit2 is given for `url`: a local path made absolute, anything else as written.
    static func locator(of url: String) -> String {
        localPath(of: url, base: FileManager.default.currentDirectoryPath) ?? url
    }

    /// The absolute folder a registry URL names when it is on this machine (a path, relative
    /// to `base`, or a `file://` URL), else `nil` (`https://`, `ssh://`, `git@host:repo`).
    public static func localPath(of url: String, base: String) -> String? {
        if url.lowercased().hasPrefix("file://") {
            let rest = url.dropFirst("file://".count)
            let path = rest.hasPrefix("localhost/") ? rest.dropFirst("localhost".count) : rest
            guard path.hasPrefix("/") else { return nil }
            return String(path).removingPercentEncoding ?? String(path)
        }
        if url.contains("://") { return nil }
        // `user@host:repo` and `host:repo` are scp-like SSH addresses, as git reads them.
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return nil }
        let absolute = url.hasPrefix("/") ? url : base + "/" + url
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// A folder name that is the same for one URL every time and differs between URLs: the
    /// repository's last path component, for people looking at the cache, and a hash of all of it.
    static func folderName(for locator: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in locator.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let last = locator.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "repository"
        let readable = last.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
        let name = String(String.UnicodeScalarView(readable.prefix(40)))
        return (name.isEmpty ? "repository" : name) + "-" + String(hash, radix: 16)
    }
}
