import Foundation
import MLXCore

extension MLXConfig {
    /// The cache folder `cache.dir` names, absolute; `nil` when no file sets it (`.mlx/cache`).
    ///
    /// DVC's rule: an absolute value is used as it is; a relative one is relative to the folder
    /// of the configuration file that sets it (`.mlx/` for `.mlx/config` and `config.local`,
    /// `~/.config/mlx/` for the global file), so `../../shared-cache` in `.mlx/config` means a
    /// folder beside the project whichever folder a command runs in.
    ///
    /// - Throws: ``ConfigError`` for a value `cache.dir` does not accept, with `file:line:`.
    public func cacheDirectory() throws -> String? {
        guard try checkedString(ConfigSetting.cacheDirectory.rawValue) != nil,
              let entry = try entry(ConfigSetting.cacheDirectory.rawValue) else { return nil }
        return Self.resolvedCacheDirectory(entry.value, setIn: entry.file)
    }

    /// `cache.shared`: `.group` when set to `group`, else `.owner`.
    public func cacheSharing() throws -> CacheSharing {
        try checkedString(ConfigSetting.cacheShared.rawValue).flatMap(CacheSharing.init(rawValue:)) ?? .owner
    }

    /// `value` of `cache.dir` as read from `file`, made absolute and normalised.
    public static func resolvedCacheDirectory(_ value: String, setIn file: String) -> String {
        let joined = value.hasPrefix("/") ? value : (file as NSString).deletingLastPathComponent + "/" + value
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// What to write into `file` for a folder the user typed as `path` (relative to the folder
    /// `directory` the command runs in): an absolute path stays as it is; a relative one is
    /// rewritten relative to the file's folder, as `dvc cache dir` does, so it keeps naming
    /// the same folder when read back.
    public static func cacheDirectoryValue(for path: String, typedIn directory: String, file: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let target = URL(fileURLWithPath: directory + "/" + path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: (file as NSString).deletingLastPathComponent).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Whether any configuration file of the project at `projectRoot` might set `cache.dir`
    /// or `cache.shared`: false when none mentions `dir`, `shared` or an `include`, which a
    /// byte search tells without starting libgit2 (a few milliseconds every command pays
    /// otherwise, `status` included).
    public static func mayConfigureCache(projectRoot: String,
                                         environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let system = environment["MLX_CONFIG_SYSTEM"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/mlx/config"
        let files = [projectRoot + "/.mlx/config", projectRoot + "/.mlx/config.local", system] + [globalFile(environment: environment)].compactMap { $0 }
        let words = ["dir", "shared", "include"].map { Array($0.utf8) }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            let lowered = data.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for word in words where lowered.count >= word.count {
                for start in 0...(lowered.count - word.count) where lowered[start] == word[0] && Array(lowered[start..<start + word.count]) == word {
                    return true
                }
            }
        }
        return false
    }
}
