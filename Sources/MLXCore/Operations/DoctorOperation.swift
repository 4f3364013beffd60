import MLXHash

/// `mlx doctor`: what mlx runs with here and what works — versions, SIMD level, the project
/// and its cache, which link types the file system supports, the git repository and its hooks.
///
/// It reports rather than fails: a broken configuration or a missing repository becomes a line
/// of the report, so the command can be run exactly when something else does not work.
public struct DoctorOperation {
    /// The hooks `mlx install` writes.
    public static let hookNames = ["pre-commit", "post-checkout", "pre-push"]
    /// The line `mlx install` puts in every hook it writes, so it never mistakes a foreign one.
    public static let hookMarker = "# mlx-managed hook"

    let project: Project?
    let cacheTypeSetting: Result<String?, any Error>
    let sourceControl: Result<any SourceControl, any Error>
    let libraries: [String: String]

    /// - Parameters:
    ///   - project: the project, or `nil` when run outside one.
    ///   - cacheTypeSetting: the `cache.type` value (`nil` when unset), or why config could not be read.
    ///   - sourceControl: the git repository, or why none was found.
    ///   - libraries: versions of the C libraries linked, by name.
    public init(project: Project?, cacheTypeSetting: Result<String?, any Error>,
                sourceControl: Result<any SourceControl, any Error>, libraries: [String: String]) {
        self.project = project
        self.cacheTypeSetting = cacheTypeSetting
        self.sourceControl = sourceControl
        self.libraries = libraries
    }

    /// Gathers the report; probe files are created in `.mlx/tmp` and removed again.
    public func run() -> DoctorReport {
        var problems: [String] = []
        var cacheType = CacheLinkType.defaultOrder
        switch cacheTypeSetting {
        case .success(let text?):
            do {
                cacheType = try CacheLinkType.parseList(text)
            } catch {
                problems.append("\(error.description); using the default \(Self.spell(cacheType))")
            }
        case .success(nil):
            break
        case .failure(let error):
            problems.append("cannot read the configuration: \(error)")
        }

        var cache: DoctorReport.Cache?
        var probes: [DoctorReport.LinkProbe] = []
        if let project {
            cache = Self.measureCache(at: project.cacheDirectory)
            do {
                probes = try Self.probeLinkTypes(in: project.tmpDirectory)
            } catch {
                problems.append("cannot probe link types in \(project.tmpDirectory): \(error)")
            }
            let working = Set(probes.filter(\.works).map(\.type))
            if !probes.isEmpty && !cacheType.contains(where: working.contains) {
                problems.append("none of the configured link types \(Self.spell(cacheType)) works here; add `copy` to cache.type")
            }
        }

        var git: DoctorReport.Git?
        var gitError: String?
        switch sourceControl {
        case .success(let repository):
            let hooksDirectory = try? repository.hooksDirectory
            git = DoctorReport.Git(workTree: repository.workTreeRoot, hooksDirectory: hooksDirectory,
                                   hooks: hooksDirectory.map(Self.hookStates) ?? [:])
        case .failure(let error):
            gitError = "\(error)"
        }

        return DoctorReport(
            version: MLXCoreVersion.string, simd: SIMDLevel.current.rawValue, libraries: libraries,
            project: project?.root, cache: cache, cacheType: cacheType, linkTypes: probes,
            git: git, gitError: gitError, problems: problems)
    }

    /// Object count and total size of the cache at `root`, without creating it.
    static func measureCache(at root: String) -> DoctorReport.Cache {
        let objectsRoot = root + "/files/blake3"
        var count = 0
        var bytes: Int64 = 0
        for folder in (try? Syscall.listDirectory(objectsRoot)) ?? [] where folder.utf8.count == 2 {
            for name in (try? Syscall.listDirectory(objectsRoot + "/" + folder)) ?? [] where ObjectID(folder + name) != nil {
                count += 1
                bytes += (try? FileStat(path: objectsRoot + "/" + folder + "/" + name).size) ?? 0
            }
        }
        return DoctorReport.Cache(path: root, objects: count, bytes: bytes)
    }

    /// Tries every link type from a probe file in `folder` (the project's `.mlx/tmp`, on the
    /// cache's file system) and reads each result back; removes every probe file.
    static func probeLinkTypes(in folder: String) throws -> [DoctorReport.LinkProbe] {
        try Syscall.makeDirectories(folder)
        let base = folder + "/\(AtomicFile.temporaryPrefix)doctor-\(Syscall.processID)"
        let source = base + "-source"
        let content = Array("mlx doctor link probe\n".utf8)
        try AtomicFile.write(content, to: source, permissions: 0o444)
        defer { Syscall.unlinkIfPresent(source) }
        return CacheLinkType.allCases.map { type in
            let target = base + "-" + type.rawValue
            defer { Syscall.unlinkIfPresent(target) }
            do {
                try makeLink(type, from: source, to: target)
                guard try Syscall.readFile(target, limit: 4096) == content else {
                    return DoctorReport.LinkProbe(type: type, works: false, detail: "the linked file reads back different bytes")
                }
                return DoctorReport.LinkProbe(type: type, works: true, detail: nil)
            } catch let error as FileSystemError {
                return DoctorReport.LinkProbe(type: type, works: false, detail: error.message)
            } catch {
                return DoctorReport.LinkProbe(type: type, works: false, detail: "\(error)")
            }
        }
    }

    private static func makeLink(_ type: CacheLinkType, from source: String, to target: String) throws {
        switch type {
        case .reflink:
            let input = try Syscall.open(source, .readOnly)
            defer { Syscall.close(input) }
            let output = try Syscall.open(target, .createNew, mode: 0o644)
            defer { Syscall.close(output) }
            try Syscall.cloneFile(from: input, to: output, path: target)
        case .hardlink:
            try Syscall.link(source, to: target)
        case .symlink:
            try Syscall.symlink(source, at: target)
        case .copy:
            try ObjectStore.copyFile(source, to: target, mode: 0o644)
        }
    }

    /// The state of each hook `mlx install` writes, in `hooksDirectory`.
    static func hookStates(in hooksDirectory: String) -> [String: DoctorReport.HookState] {
        var states: [String: DoctorReport.HookState] = [:]
        for name in hookNames {
            let path = hooksDirectory + "/" + name
            guard Syscall.exists(path) else { states[name] = .absent; continue }
            let text = (try? Syscall.readFile(path, limit: 1 << 20)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            states[name] = text.contains(hookMarker) ? .mlx : .foreign
        }
        return states
    }

    private static func spell(_ types: [CacheLinkType]) -> String {
        "`" + types.map(\.rawValue).joined(separator: ",") + "`"
    }
}
