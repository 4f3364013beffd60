import MLXHash

/// `import-url` of a source that a remote serves: one object, or every object under a prefix
/// (a folder, where the remote can list).
extension ImportURLOperation {
    /// One object of a remote source, to be downloaded to `relative` under the destination
    /// (empty: the destination itself).
    struct RemoteFile: TransferQueueItem {
        let key: String
        let relative: String
        let size: Int64
    }

    /// What a remote source is now: what the pointer records of it, and the objects to download.
    struct RemoteState {
        let location: ImportSource.Location
        let files: [RemoteFile]
        let isFolder: Bool
    }

    /// Asks the remote about `source` without downloading it: a `HEAD` of the object, else a
    /// listing of the folder. A folder's tag is the digest of its listing (every key, size
    /// and tag), so a change to any object changes it.
    func remoteState(of source: URLSource) throws -> RemoteState {
        let key = source.key
        if !key.isEmpty, !key.hasSuffix("/"), let object = try source.remote.describe(key) {
            return RemoteState(location: ImportSource.Location(path: source.url, etag: object.etag, size: object.size),
                               files: [RemoteFile(key: key, relative: "", size: object.size)], isFolder: false)
        }
        let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
        guard source.remote.canList else {
            throw RegistryError(source: source.url, message: "does not exist", hint: "check the URL")
        }
        // Zero-byte keys ending in `/` are the folder markers consoles create, not files.
        let listed = try source.remote.list(prefix: prefix).filter { !$0.key.hasSuffix("/") }.sorted { $0.key < $1.key }
        guard !listed.isEmpty else {
            throw RegistryError(source: source.url, message: "does not exist: no object has that key or prefix", hint: "check the URL")
        }
        var files: [RemoteFile] = []
        var listing = ""
        var total: Int64 = 0
        for object in listed {
            let relative = String(object.key.dropFirst(prefix.count))
            if let problem = Self.problem(withRelativeKey: relative) {
                throw RegistryError(source: source.url, message: "holds the object `\(object.key)`, which \(problem)",
                                    hint: "import the objects beside it one by one, or rename it on the remote")
            }
            files.append(RemoteFile(key: object.key, relative: relative, size: object.size))
            listing += "\(relative)\t\(object.size)\t\(object.etag ?? "")\n"
            total += object.size
        }
        let tag = Blake3.hash(Array(listing.utf8)).hex
        return RemoteState(location: ImportSource.Location(path: source.url, etag: tag, size: total), files: files, isFolder: true)
    }

    /// Downloads what `state` lists to `staging` (which must not exist): a file, or a folder of
    /// them, `-j` wide with retries, each checked against its listed size.
    func download(_ state: RemoteState, of source: URLSource, to staging: String) throws {
        if state.isFolder {
            try Syscall.makeDirectory(staging)
            for folder in Set(state.files.map { Syscall.directoryName(of: staging + "/" + $0.relative) }).sorted() {
                try Syscall.makeDirectories(folder)
            }
        }
        let remote = source.remote
        let report = source.queue.run(state.files, progress: nil) { file in
            let target = file.relative.isEmpty ? staging : staging + "/" + file.relative
            if (try? FileStat(path: target)) != nil { try FileTree.remove(target) }
            try remote.download(file.key, to: target)
            let size = try FileStat(path: target).size
            guard size == file.size else {
                throw RemoteError(.retryable, remote: remote.displayName, key: file.key,
                                  message: "the download holds \(size) bytes where the listing said \(file.size)")
            }
        }
        if let stop = report.stopError(verb: "downloaded") { throw stop }
        if let failure = report.failures.first { throw failure.error }
        if let missing = report.notFound.first {
            throw RegistryError(source: source.url, message: "`\(missing.key)` went missing during the import", hint: "run the command again")
        }
    }

    /// Why a key below the folder cannot become a path under the destination, or nil when it can.
    static func problem(withRelativeKey relative: String) -> String? {
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        if relative.isEmpty || segments.contains(where: \.isEmpty) { return "has an empty path segment" }
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return "has a `.` or `..` segment" }
        if segments.contains(where: { [".git", ".mlx"].contains($0.lowercased()) }) { return "names a .git or .mlx folder" }
        if relative.utf8.contains(0) { return "holds a NUL byte" }
        return nil
    }
}
