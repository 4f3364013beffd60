import Foundation
internal import CGit2
import Synchronization

/// mlx's configuration: git-config syntax read and written through libgit2's config API.
///
/// Four files are stacked with `git_config_add_file_ondisk`, highest priority first:
/// `.mlx/config.local`, `.mlx/config`, `$XDG_CONFIG_HOME/mlx/config` (else
/// `~/.config/mlx/config`) and `/etc/mlx/config` (`$MLX_CONFIG_SYSTEM` when set). Missing files are simply empty; writes create
/// them. libgit2 writes through `<file>.lock` and renames it into place, so a crash never leaves a
/// half-written file and two writers cannot interleave.
public final class MLXConfig: Sendable {
    /// The file behind each level that has one; `project` and `local` need a project root and
    /// `global` needs `XDG_CONFIG_HOME` or `HOME`.
    public let files: [ConfigLevel: String]

    /// libgit2 config handles are not thread-safe, yet this type is `Sendable`: every use of the
    /// handle goes through the mutex.
    private let config: Mutex<ConfigHandle>

    /// Opens the configuration of the project at `projectRoot` (the folder holding `.mlx`), or
    /// only the user's and the machine's when `projectRoot` is `nil`.
    ///
    /// - Parameters:
    ///   - environment: where `XDG_CONFIG_HOME` and `HOME` are looked up; tests pass their own.
    ///   - systemFile: the machine-wide file; `nil` means `$MLX_CONFIG_SYSTEM` from `environment`
    ///     if set, else `/etc/mlx/config`. Replaceable so tests and packagers need not use `/etc`.
    /// - Throws: ``ConfigError`` `.malformedFile` naming the file and line of a syntax error.
    public init(
        projectRoot: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        systemFile: String? = nil
    ) throws {
        GitLibrary.initialize()
        let system = systemFile ?? environment["MLX_CONFIG_SYSTEM"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/mlx/config"
        var files: [ConfigLevel: String] = [.system: system]
        if let global = Self.globalFile(environment: environment) {
            files[.global] = global
        }
        if let projectRoot {
            let root = projectRoot.hasSuffix("/") && projectRoot.count > 1 ? String(projectRoot.dropLast()) : projectRoot
            files[.project] = root + "/.mlx/config"
            files[.local] = root + "/.mlx/config.local"
        }
        self.files = files

        var pointer: OpaquePointer?
        do {
            try check(git_config_new(&pointer), "git_config_new")
        } catch let failure as LibGit2Failure {
            throw ConfigError(.io, "cannot set up the configuration: \(failure.message)", cause: failure.description)
        }
        guard let pointer else { throw ConfigError(.io, "cannot set up the configuration") }
        let handle = ConfigHandle(pointer)
        for level in ConfigLevel.allCases {
            guard let file = files[level] else { continue }
            do {
                try check(git_config_add_file_ondisk(pointer, file, level.libgit2Level, nil, 0), "git_config_add_file_ondisk")
            } catch let failure as LibGit2Failure {
                throw Self.loadError(failure, file: file)
            }
        }
        config = Mutex(handle)
    }

    /// The file behind `level`, or `nil` when that level has none here.
    public func file(for level: ConfigLevel) -> String? {
        files[level]
    }

    /// The value `name` has in the highest-priority file that sets it (`git_config_get_entry`).
    ///
    /// Names are case-insensitive except for the subsection, and `_` in the key means `-`.
    public func entry(_ name: String) throws -> ConfigEntry? {
        try lookup(name)?.entry
    }

    /// The value `name` has in the file of `level` alone, or in the highest-priority file that
    /// sets it when `level` is `nil`; `nil` when none does.
    ///
    /// - Throws: ``ConfigError`` `.levelUnavailable` when `level` has no file here (a project
    ///   level outside a project).
    public func entry(_ name: String, level: ConfigLevel?) throws -> ConfigEntry? {
        guard let level else { return try entry(name) }
        let name = try Self.normalized(name)
        let file = try writableFile(for: level)
        return try withLevel(level, file: file) { levelConfig in
            var entry: UnsafeMutablePointer<git_config_entry>?
            do {
                try check(git_config_get_entry(&entry, levelConfig, name), "git_config_get_entry")
            } catch let failure as LibGit2Failure {
                if failure.isNotFound { return nil }
                throw nameError(failure, name: name, doing: "cannot read")
            }
            defer { git_config_entry_free(entry) }
            return entry.flatMap { makeEntry($0.pointee) }
        }
    }

    /// Like ``entry(_:level:)``, but a name that nothing sets is an error, as `git config NAME`
    /// treats it.
    ///
    /// - Throws: ``ConfigError`` `.notFound` naming the key (and the file, for one level).
    public func requiredEntry(_ name: String, level: ConfigLevel?) throws -> ConfigEntry {
        if let found = try entry(name, level: level) { return found }
        let normalized = try Self.normalized(name)
        let place = level.flatMap { files[$0] }.map { " in \($0)" } ?? ""
        throw ConfigError(
            .notFound,
            "'\(normalized)' is not set\(place)",
            hint: "`mlx config --list --show-origin` shows which file sets what",
            file: level.flatMap { files[$0] },
            name: normalized
        )
    }

    /// The string value of `name`, or `nil` when no file sets it.
    public func string(_ name: String) throws -> String? {
        try entry(name)?.value
    }

    /// The boolean value of `name` (`true`/`yes`/`on`/`1`, `false`/`no`/`off`/`0`, or a bare key
    /// meaning true), or `nil` when no file sets it (`git_config_parse_bool`).
    ///
    /// - Throws: ``ConfigError`` `.invalidValue` naming the key, the value and its file.
    public func bool(_ name: String) throws -> Bool? {
        guard let (entry, hasValue) = try lookup(name) else { return nil }
        // A key written without `=` means true to git, while `key =` (empty) means false.
        guard hasValue else { return true }
        var result: Int32 = 0
        guard git_config_parse_bool(&result, entry.value) == 0 else {
            throw valueError(entry, expected: "a boolean (true or false)")
        }
        return result != 0
    }

    /// The integer value of `name`, with git's `k`, `m` and `g` suffixes, or `nil` when no file
    /// sets it (`git_config_parse_int64`).
    ///
    /// - Throws: ``ConfigError`` `.invalidValue` naming the key, the value and its file.
    public func int(_ name: String) throws -> Int? {
        guard let entry = try entry(name) else { return nil }
        var result: Int64 = 0
        guard git_config_parse_int64(&result, entry.value) == 0, let value = Int(exactly: result) else {
            throw valueError(entry, expected: "an integer")
        }
        return value
    }

    /// Every entry of every file, lowest priority first (system, global, project, local) and in
    /// file order within each, as `git config --list` shows them.
    public func list() throws -> [ConfigEntry] {
        let entries = try config.withLock { config in
            try collectEntries(in: config.pointer) { _ in true }
        }
        return ConfigLevel.allCases.flatMap { level in entries.filter { $0.level == level } }
    }

    /// The entries of the file of `level` in file order, or of every file (``list()``) when
    /// `level` is `nil`.
    ///
    /// - Throws: ``ConfigError`` `.levelUnavailable` when `level` has no file here.
    public func list(level: ConfigLevel?) throws -> [ConfigEntry] {
        guard let level else { return try list() }
        let file = try writableFile(for: level)
        return try withLevel(level, file: file) { levelConfig in
            try collectEntries(in: levelConfig) { _ in true }
        }
    }

    /// The distinct subsection names used under `section` in any file, in order of first
    /// appearance: `subsections(of: "remote")` gives the remote names.
    public func subsections(of section: String) throws -> [String] {
        let prefix = section.lowercased() + "."
        var seen = Set<String>()
        var names: [String] = []
        for entry in try list() where entry.name.hasPrefix(prefix) {
            let rest = entry.name.dropFirst(prefix.count)
            guard let lastDot = rest.lastIndex(of: ".") else { continue }
            let subsection = String(rest[..<lastDot])
            if seen.insert(subsection).inserted { names.append(subsection) }
        }
        return names
    }

    /// Sets `name` to `value` in the file of `level`, creating the file and its folder
    /// (`git_config_set_string`). Section and key are written in lower case.
    ///
    /// - Throws: ``ConfigError`` for an invalid name, a name or value ``ConfigSchema`` refuses,
    ///   a level without a file, a held lock, or `.secretInCommittedFile` for a secret
    ///   (``RemoteRegistry/isSecret(name:)``) at `.project`, whose file is committed to git.
    public func set(_ name: String, _ value: String, level: ConfigLevel) throws {
        let name = try Self.normalized(name)
        try ConfigSchema.check(name, value)
        let file = try writableFile(for: level)
        if level == .project && RemoteRegistry.isSecret(name: name) {
            throw ConfigError(
                .secretInCommittedFile,
                "refusing to write the secret '\(name)' to \(file), which is committed to git",
                hint: "use --local to keep it in .mlx/config.local, which git ignores",
                file: file,
                name: name
            )
        }
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                withIntermediateDirectories: true
            )
        } catch {
            throw ConfigError(.io, "cannot create the folder of \(file): \(error.localizedDescription)", file: file, cause: "\(error)")
        }
        try withWritableLevel(level, file: file) { levelConfig in
            do {
                try check(git_config_set_string(levelConfig, name, value), "git_config_set_string")
            } catch let failure as LibGit2Failure {
                throw writeError(failure, name: name, file: file)
            }
        }
    }

    /// Removes `name` from the file of `level` (`git_config_delete_entry`).
    ///
    /// - Throws: ``ConfigError`` `.notFound` naming the key and the file when that file does not
    ///   set it.
    public func unset(_ name: String, level: ConfigLevel) throws {
        let name = try Self.normalized(name)
        let file = try writableFile(for: level)
        try withWritableLevel(level, file: file) { levelConfig in
            do {
                try check(git_config_delete_entry(levelConfig, name), "git_config_delete_entry")
            } catch let failure as LibGit2Failure {
                if failure.isNotFound {
                    throw ConfigError(
                        .notFound,
                        "no key '\(name)' in \(file)",
                        hint: "`mlx config --list` shows which file sets what",
                        file: file,
                        name: name,
                        cause: failure.description
                    )
                }
                throw writeError(failure, name: name, file: file)
            }
        }
    }

    /// Removes every key of `[section "subsection"]` from the file of `level`
    /// (`git_config_delete_multivar` on each), then the emptied section header itself.
    ///
    /// libgit2 has no call that drops a section, and deleting keys leaves the header behind;
    /// ``ConfigSectionText`` removes it while keeping comments that belong to other sections.
    ///
    /// - Throws: ``ConfigError`` `.notFound` when that file has no such section.
    public func removeSection(_ section: String, subsection: String, level: ConfigLevel) throws {
        let file = try writableFile(for: level)
        let prefix = section.lowercased() + "." + subsection + "."
        let label = "[\(section) \"\(subsection)\"]"
        try withWritableLevel(level, file: file) { levelConfig in
            let names = try collectEntries(in: levelConfig) { $0.hasPrefix(prefix) }.map(\.name)
            guard !names.isEmpty else {
                throw ConfigError(.notFound, "no section \(label) in \(file)", file: file, name: section + "." + subsection)
            }
            var deleted = Set<String>()
            for name in names where deleted.insert(name).inserted {
                do {
                    try check(git_config_delete_multivar(levelConfig, name, ".*"), "git_config_delete_multivar")
                } catch let failure as LibGit2Failure {
                    throw writeError(failure, name: name, file: file)
                }
            }
            // Still under the handle's lock, so no other write from this process slips in
            // between; libgit2 re-reads the file before its next write and after a change.
            try ConfigSectionText.removeEmptySection(section, subsection: subsection, inFile: file)
        }
    }
}

extension MLXConfig {
    /// The global file: `$XDG_CONFIG_HOME/mlx/config`, else `$HOME/.config/mlx/config`.
    static func globalFile(environment: [String: String]) -> String? {
        // The XDG base-directory spec says a relative XDG_CONFIG_HOME is invalid and ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg.hasSuffix("/") ? String(xdg.dropLast()) : xdg) + "/mlx/config"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config/mlx/config"
        }
        return nil
    }

    /// `section.key` and `section.subsection.key` with section and key lower-cased, as git does
    /// when it writes, so files do not collect `[Remote "x"]` next to `[remote "x"]`.
    ///
    /// git-config keys may hold only letters, digits and `-`, yet SPEC.md §4 names S3 options
    /// with `_` (`access_key_id`); an `_` in the key is therefore read and written as `-`
    /// (`access-key-id`), so both spellings reach the same entry.
    static func normalized(_ name: String) throws -> String {
        guard let first = name.firstIndex(of: "."), let last = name.lastIndex(of: "."),
              first != name.startIndex, last != name.index(before: name.endIndex)
        else {
            throw ConfigError(
                .invalidName,
                "invalid config name '\(name)'",
                hint: ConfigSchema.nameHint,
                name: name
            )
        }
        let section = name[..<first].lowercased()
        let key = canonicalKey(name[name.index(after: last)...])
        let middle = first == last ? "" : String(name[first..<last])
        return section + middle + "." + key
    }

    /// A key as files hold it: lower case, with `-` for SPEC's `_`.
    static func canonicalKey(_ key: some StringProtocol) -> String {
        key.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// Turns libgit2's "failed to parse config file: <what> (in <file>:<line>)" into
    /// "<file>:<line>: <what>" with the parts exposed.
    static func loadError(_ failure: LibGit2Failure, file: String) -> ConfigError {
        let text = failure.message
        let marker = "failed to parse config file: "
        if text.hasPrefix(marker), let open = text.range(of: " (in ", options: .backwards), text.hasSuffix(")") {
            let what = String(text[text.index(text.startIndex, offsetBy: marker.count)..<open.lowerBound])
            let location = text[open.upperBound..<text.index(before: text.endIndex)]
            if let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) {
                let hint = what == "invalid configuration key"
                    ? "keys may hold only letters, digits and '-' (write access-key-id, not access_key_id)"
                    : "fix that line of \(file); it uses git's config syntax"
                return ConfigError(
                    .malformedFile,
                    "\(file):\(line): \(what)",
                    hint: hint,
                    file: file,
                    line: line,
                    cause: failure.description
                )
            }
        }
        return ConfigError(.malformedFile, "cannot read \(file): \(text)", file: file, cause: failure.description)
    }

    /// The winning entry for `name`, and whether it was written with `=` at all.
    private func lookup(_ name: String) throws -> (entry: ConfigEntry, hasValue: Bool)? {
        let name = try Self.normalized(name)
        return try config.withLock { config in
            var entry: UnsafeMutablePointer<git_config_entry>?
            do {
                try check(git_config_get_entry(&entry, config.pointer, name), "git_config_get_entry")
            } catch let failure as LibGit2Failure {
                if failure.isNotFound { return nil }
                throw nameError(failure, name: name, doing: "cannot read")
            }
            defer { git_config_entry_free(entry) }
            guard let entry, let made = makeEntry(entry.pointee) else { return nil }
            return (made, entry.pointee.value != nil)
        }
    }

    private func writableFile(for level: ConfigLevel) throws -> String {
        if let file = files[level] { return file }
        let hint = level == .global
            ? "set HOME or XDG_CONFIG_HOME"
            : "run `mlx init` first, or use --global"
        throw ConfigError(.levelUnavailable, "no \(level) configuration file here", hint: hint)
    }

    /// Runs `body` with the `git_config` of one level (`git_config_open_level`).
    ///
    /// `body` is `@Sendable` so that the level's handle, which comes from the guarded one,
    /// cannot be kept by the caller's task past the mutex.
    func withLevel<Result: Sendable>(
        _ level: ConfigLevel,
        file: String,
        _ body: @Sendable (OpaquePointer) throws -> Result
    ) throws -> Result {
        try config.withLock { config in
            var levelConfig: OpaquePointer?
            do {
                try check(git_config_open_level(&levelConfig, config.pointer, level.libgit2Level), "git_config_open_level")
            } catch let failure as LibGit2Failure {
                throw ConfigError(.io, "cannot open \(file): \(failure.message)", file: file, cause: failure.description)
            }
            defer { git_config_free(levelConfig) }
            guard let levelConfig else { throw ConfigError(.io, "cannot open \(file)", file: file) }
            return try body(levelConfig)
        }
    }

    /// Entries of `config` whose name passes `include`, in libgit2's iteration order.
    private func collectEntries(in config: OpaquePointer, where include: (String) -> Bool) throws -> [ConfigEntry] {
        var iterator: OpaquePointer?
        do {
            try check(git_config_iterator_new(&iterator, config), "git_config_iterator_new")
        } catch let failure as LibGit2Failure {
            throw ConfigError(.io, "cannot list the configuration: \(failure.message)", cause: failure.description)
        }
        defer { git_config_iterator_free(iterator) }
        var entries: [ConfigEntry] = []
        while true {
            // Entries from git_config_next belong to the iterator and must not be freed.
            var entry: UnsafeMutablePointer<git_config_entry>?
            do {
                try check(git_config_next(&entry, iterator), "git_config_next")
            } catch let failure as LibGit2Failure {
                if failure.code == GIT_ITEROVER.rawValue { break }
                throw ConfigError(.io, "cannot list the configuration: \(failure.message)", cause: failure.description)
            }
            guard let entry, let made = makeEntry(entry.pointee), include(made.name) else { continue }
            entries.append(made)
        }
        return entries
    }

    private func makeEntry(_ entry: git_config_entry) -> ConfigEntry? {
        guard let name = entry.name, let level = ConfigLevel(entry.level), let file = files[level] else { return nil }
        return ConfigEntry(
            name: String(cString: name),
            value: entry.value.map { String(cString: $0) } ?? "",
            level: level,
            file: file
        )
    }

    private func valueError(_ entry: ConfigEntry, expected: String) -> ConfigError {
        ConfigError(
            .invalidValue,
            "\(entry.name) = '\(entry.displayValue)' in \(entry.file) is not \(expected)",
            file: entry.file,
            name: entry.name
        )
    }

    private func nameError(_ failure: LibGit2Failure, name: String, doing: String) -> ConfigError {
        if failure.code == GIT_EINVALIDSPEC.rawValue {
            return ConfigError(
                .invalidName,
                "invalid config name '\(name)'",
                hint: ConfigSchema.nameHint,
                name: name,
                cause: failure.description
            )
        }
        return ConfigError(.io, "\(doing) '\(name)': \(failure.message)", name: name, cause: failure.description)
    }

    private func writeError(_ failure: LibGit2Failure, name: String, file: String) -> ConfigError {
        if failure.code == GIT_ELOCKED.rawValue {
            return ConfigError(
                .locked,
                "\(file) is being written by another process",
                hint: "try again; if no other mlx or git is running, remove \(file).lock",
                file: file,
                name: name,
                cause: failure.description
            )
        }
        if failure.code == GIT_EINVALIDSPEC.rawValue {
            return nameError(failure, name: name, doing: "cannot write")
        }
        return ConfigError(.io, "cannot write '\(name)' to \(file): \(failure.message)", file: file, name: name, cause: failure.description)
    }
}
