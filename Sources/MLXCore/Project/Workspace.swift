import MLXHash

/// Everything an operation on tracked data needs: the project, its cache, its ignore rules,
/// the hash index, and how to link and how wide to go. One per command run, used on one thread
/// (it fans work out internally with bounded width).
public final class Workspace {
    public let project: Project
    public let store: ObjectStore
    public let ignore: IgnoreRules
    /// Workspace link types, in the order to try them (`cache.type`), read the first time a
    /// file is linked: commands that only compare (status, a no-change repro) never pay for
    /// reading the configuration.
    public var linkTypes: [CacheLinkType] {
        get throws {
            if let resolvedLinkTypes { return resolvedLinkTypes }
            let types = try linkTypesSource()
            resolvedLinkTypes = types
            return types
        }
    }
    private let linkTypesSource: () throws -> [CacheLinkType]
    private var resolvedLinkTypes: [CacheLinkType]?
    /// How many files to hash or copy at once.
    public let jobs: Int
    /// The version control that carries the pointer files, when the command has one: `add`
    /// refuses what git already tracks (as DVC does).
    public var sourceControl: (any SourceControl)?
    /// The stages of `mlx.yaml` as `add` last read them (see `pipelineForAdding`).
    var loadedPipelineStages: [Stage]?
    let fileHasher: FileHasher
    /// Called now and then with a line saying how far hashing got (for a terminal's progress line).
    public var onProgress: ((String) -> Void)?
    /// Called with something that went wrong after an operation's work was already complete and
    /// recorded (a workspace file left unlinked, an index not saved): worth telling, not failing.
    public var onWarning: ((String) -> Void)?
    /// The hash index, loaded the first time a file is looked up: a `status` that every tree
    /// memo answers never reads it.
    var index: HashIndex {
        if let loadedIndex { return loadedIndex }
        let loaded = HashIndex(contentsOf: project.root + "/" + HashIndex.relativePath)
        loadedIndex = loaded
        return loaded
    }
    private(set) var loadedIndex: HashIndex?

    /// Changes the index in place (loading it first) and marks it for saving.
    private func updateIndex(_ change: (inout HashIndex) -> Void) {
        if loadedIndex == nil { loadedIndex = index }
        change(&loadedIndex!)
        indexChanged = true
    }
    private var indexChanged = false

    public convenience init(project: Project, linkTypes: [CacheLinkType] = CacheLinkType.defaultOrder, jobs: Int) throws {
        try self.init(project: project, jobs: jobs, linkTypes: { linkTypes })
    }

    /// - Parameter linkTypes: called once, when the first file is linked.
    public init(project: Project, jobs: Int, linkTypes: @escaping () throws -> [CacheLinkType]) throws {
        self.project = project
        self.jobs = max(1, jobs)
        self.linkTypesSource = linkTypes
        self.fileHasher = FileHasher(threads: self.jobs)
        self.store = try project.openCache(hasher: .blake3(threads: self.jobs))
        self.ignore = try IgnoreRules(projectRoot: project.root)
    }

    /// Absolute path of a project-relative one.
    public func absolute(_ relative: String) -> String {
        relative.isEmpty ? project.root : project.root + "/" + relative
    }

    /// Writes the hash index back if this run learnt anything since the last call. What a
    /// failed save held is not tried again: the index only spares hashing, and an operation
    /// that reported the failure (`add` warns) must not see it fail a second time.
    /// An index that learnt too little to pay for rewriting it is left as it is (see
    /// `HashIndex.isWorthSaving`).
    public func saveIndex() throws {
        guard indexChanged, index.isWorthSaving else { return }
        indexChanged = false
        try Syscall.makeDirectories(project.tmpDirectory)
        try index.save(to: project.root + "/" + HashIndex.relativePath)
    }

    /// The BLAKE3 of each file (`key` project-relative, `stat` taken before reading), through
    /// the hash index: a file whose size, mtime, ctime and inode match is not read again.
    /// Files not in the index are hashed `jobs` at a time; what is learnt goes into the index.
    func digests(of files: [(key: String, path: String, stat: FileStat)]) -> [Result<Digest, HashError>] {
        digests(count: files.count) { files[$0] }
    }

    /// `digests(of:)` for `count` files that `file(i)` describes when asked: a tracked
    /// directory of a million files need not hold a million keys at once (150 MB).
    func digests(count: Int, _ file: (Int) -> (key: String, path: String, stat: FileStat)) -> [Result<Digest, HashError>] {
        var results = [Result<Digest, HashError>?](repeating: nil, count: count)
        var misses: [Int] = []
        let index = self.index
        for position in 0..<count {
            let described = file(position)
            if let known = index.lookup(described.key, described.stat) {
                results[position] = .success(known)
            } else {
                misses.append(position)
            }
        }
        if !misses.isEmpty {
            var lastReport = ContinuousClock.now
            // Racy entries are judged against the time hashing began, before any file was read:
            // a later clock would trust a file hashed within a timestamp tick of its last write.
            let hashingBegan = Syscall.nowNanoseconds()
            fileHasher.hashFiles(misses.map { file($0).path }, jobs: jobs) { missIndex, result in
                if let onProgress, ContinuousClock.now - lastReport > .milliseconds(100) {
                    lastReport = ContinuousClock.now
                    onProgress("hashing \(missIndex + 1)/\(misses.count) files")
                }
                results[misses[missIndex]] = result
            }
            // In one batch, in the callers' order (a walk's, sorted): see `HashIndex.recordAll`.
            let learnt = misses.filter { if case .success = results[$0] { true } else { false } }
            if !learnt.isEmpty {
                updateIndex { index in
                    index.recordAll(count: learnt.count, now: hashingBegan) { item in
                        let described = file(learnt[item])
                        guard case .success(let digest) = results[learnt[item]] else { preconditionFailure("filtered above") }
                        return (described.key, described.stat, digest)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// `digests(count:_:)`, except that while the hash index is not loaded, files that cost less
    /// to hash than the index costs to read (by `HashIndex.perFileCost`'s measure) are hashed
    /// without it, and nothing is recorded: a status after editing one file of a million need
    /// not read a 100 MB index to learn about one 4 KiB file.
    func digestsSparingTheIndex(count: Int, _ file: (Int) -> (key: String, path: String, stat: FileStat)) -> [Result<Digest, HashError>] {
        guard loadedIndex == nil, let indexSize = try? FileStat(path: project.root + "/" + HashIndex.relativePath).size else {
            return digests(count: count, file)
        }
        var cost: Int64 = 0
        for position in 0..<count {
            cost += file(position).stat.size + HashIndex.perFileCost
            if cost >= indexSize { return digests(count: count, file) }
        }
        var results = [Result<Digest, HashError>?](repeating: nil, count: count)
        fileHasher.hashFiles((0..<count).map { file($0).path }, jobs: jobs) { position, result in results[position] = result }
        return results.map { $0! }
    }

    /// Forgets what the index knows about `key` (a file mlx just replaced).
    func forget(_ key: String) {
        updateIndex { $0.remove(key) }
    }

    /// Remembers that the file at `key` with `stat` holds `oid` (a file mlx just wrote).
    func remember(_ key: String, _ stat: FileStat, oid: Digest) {
        updateIndex { $0.record(key, stat, oid: oid) }
    }

    /// The index key under which a cache object's last verification is remembered: inside
    /// `.mlx/`, where no tracked data can be, so it never names a workspace file.
    static func verifiedObjectKey(_ oid: ObjectID) -> String {
        ".mlx/verified/" + oid.string
    }
}
