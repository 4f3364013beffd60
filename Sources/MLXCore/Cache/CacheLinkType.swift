/// How a cached object is put into the workspace (`cache.type`, SPEC §4).
///
/// `reflink` and `copy` give the workspace its own file, so it stays writable (as in DVC);
/// `hardlink` and `symlink` share the cache's inode, so the workspace file is read-only and
/// `mlx unprotect` must turn it into a copy before it is edited — otherwise an edit would
/// corrupt the cache.
public enum CacheLinkType: String, Sendable, CaseIterable {
    /// A copy-on-write clone (`FICLONE`): instant, no extra space, independent afterwards.
    case reflink
    /// A hard link to the object: instant, no extra space, read-only.
    case hardlink
    /// A symbolic link to the object: instant, works across file systems, read-only.
    case symlink
    /// A plain copy: always works, costs the space and time of the bytes.
    case copy

    /// The order used when `cache.type` is not set.
    public static let defaultOrder: [CacheLinkType] = [.reflink, .copy]

    /// Whether files linked this way share the cache's inode and are therefore read-only.
    public var sharesCacheInode: Bool { self == .hardlink || self == .symlink }

    /// Parses a `cache.type` value such as `reflink,hardlink,copy` (spaces around names are
    /// ignored, repeats dropped). `key` names the setting in errors.
    public static func parseList(_ text: String, key: String = "cache.type") throws(CacheError) -> [CacheLinkType] {
        var result: [CacheLinkType] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = item.trimming(anyOf: " \t")
            guard let type = CacheLinkType(rawValue: name) else {
                let message = name.isEmpty ? "empty link type in `\(text)`" : "unknown link type `\(name)`"
                throw CacheError(subject: key, message: message,
                                 hint: "use a comma-separated list of reflink, hardlink, symlink and copy")
            }
            if !result.contains(type) { result.append(type) }
        }
        return result
    }
}
