import MLXHash
import Synchronization

extension ObjectStore {
    /// A file to put into the cache: its path, the BLAKE3 it was hashed to and, when known, the
    /// size it had then.
    public struct PendingFile: Sendable {
        public let path: String
        public let oid: Digest
        public let size: Int64?

        public init(path: String, oid: Digest, size: Int64? = nil) {
            self.path = path
            self.oid = oid
            self.size = size
        }
    }

    /// Copies many files into the cache, durably, with two file-system syncs for the whole batch
    /// instead of an fsync of every object and of its folder.
    ///
    /// 1. every new object is copied (reflink where possible) to a temporary in `staging/`,
    ///    `width` at a time, and its hash checked (see `stage`);
    /// 2. one `syncfs` makes all of those bytes durable;
    /// 3. each temporary is renamed to its final name;
    /// 4. a second `syncfs` makes the renames (and new fan-out folders) durable.
    ///
    /// A crash before step 4 completes leaves only whole objects under their names (a rename
    /// either happened or not) plus temporaries that the next writer sweeps; callers write the
    /// pointer or lock that names the objects only after this returns. Measured on this
    /// machine's ext4 for 10,000 small files: ~17 s with two fsyncs per object, ~1 s batched.
    ///
    /// More than `batchLimit` new objects go in batches of that many, so that the temporaries
    /// held at once (~200 bytes each, with the record `Interruption` keeps of them) stay bounded
    /// however large the directory: a million-file `add` held them all.
    /// - Returns: how many objects were new.
    @discardableResult
    public func insertBatch(_ files: [PendingFile], width: Int) throws -> Int {
        var cloned: [Bool] = []
        return try insertBatch(files, width: width, cloned: &cloned)
    }

    /// `insertBatch`, also setting `cloned[i]` when the object of `files[i]` was cloned from it
    /// just now: the two share their extents, so linking that file to the cache would gain
    /// nothing.
    public func insertBatch(_ files: [PendingFile], width: Int, cloned: inout [Bool]) throws -> Int {
        try insertBatch(files, width: width, batchLimit: ObjectStore.batchLimit, cloned: &cloned)
    }

    func insertBatch(_ files: [PendingFile], width: Int, batchLimit: Int, cloned: inout [Bool]) throws -> Int {
        let wanted = newObjects(among: files)
        cloned = [Bool](repeating: false, count: files.count)
        var added = 0
        for start in stride(from: 0, to: wanted.count, by: batchLimit) {
            added += try insert(wanted[start..<min(start + batchLimit, wanted.count)], of: files, width: width, cloned: &cloned)
        }
        return added
    }

    /// The most new objects `insertBatch` stages before making them durable and moving them in.
    static let batchLimit = 65_536

    /// Steps 1–4 of `insertBatch` for the files at `positions`.
    private func insert(_ positions: ArraySlice<Int>, of files: [PendingFile], width: Int, cloned: inout [Bool]) throws -> Int {
        // Each staged object is kept as its temporary and its oid; the object's own path is
        // made only when it is renamed. Holding both paths cost ~300 bytes an object.
        let staged = Mutex<[(temporary: String, oid: ObjectID, position: Int, cloned: Bool)]>([])
        staged.withLock { $0.reserveCapacity(positions.count) }
        let failures = BoundedParallel.forEach(positions.count, width: width) { index in
            let position = positions[positions.startIndex + index]
            let (temporary, wasCloned) = try stage(files[position])
            staged.withLock { $0.append((temporary, ObjectID(files[position].oid), position, wasCloned)) }
        }
        let done = staged.withLock { $0 }
        if let first = failures.keys.min(), let error = failures[first] {
            for item in done { Syscall.unlinkIfPresent(item.temporary) }
            throw error
        }
        let moves = done.map { (temporary: $0.temporary, oid: $0.oid) }
        try moveIntoPlace(moves)
        for item in done where item.cloned { cloned[item.position] = true }
        return moves.count
    }

    /// Positions in `files` of the objects the cache lacks, each oid once (its first file), in
    /// the order of `files`. Duplicates are found by sorting positions rather than with a
    /// set of digests, which took ~80 bytes a file at its peak.
    private func newObjects(among files: [PendingFile]) -> [Int] {
        var byOid = Array(files.indices)
        byOid.sort { files[$0].oid != files[$1].oid ? files[$0].oid < files[$1].oid : $0 < $1 }
        var wanted: [Int] = []
        for (rank, position) in byOid.enumerated() {
            if rank > 0, files[byOid[rank - 1]].oid == files[position].oid { continue }
            if !contains(ObjectID(files[position].oid)) { wanted.append(position) }
        }
        wanted.sort()
        return wanted
    }

    /// Copies `file` to a new read-only temporary in `staging/` whose bytes hash to `file.oid`,
    /// and returns the temporary's path.
    ///
    /// The hash keeps the cache honest: a file rewritten since it was hashed (in place, same
    /// size) would otherwise become an object whose bytes differ from its name. What is hashed
    /// is the temporary itself, the bytes that become the object: a clone (a snapshot), or a
    /// copy read back from the page cache it was just written to, so the source is still read
    /// once. Measured adding a 1 GiB file on this project's machine (release, median of 6):
    /// 1.53 s with `sendfile` and no hash, 2.6 s hashing a user-space copy as it was written
    /// (1 MiB `pwrite`s), 1.85 s with `sendfile` and the copy hashed back from memory.
    /// - Returns: the temporary, and whether it is a clone of the file.
    /// - Throws: `SourceChangedError` when the bytes hash to something else.
    func stage(_ file: PendingFile) throws -> (temporary: String, cloned: Bool) {
        let input = try Syscall.open(file.path, .readOnly)
        defer { Syscall.close(input) }
        let temporary = Syscall.temporaryPath(beside: stagingRoot + "/x")
        // Read-write so that the copy can be hashed through this descriptor; the file is created
        // read-only, so the object never exists writable.
        let output = try Syscall.open(temporary, .createNewReadable, mode: 0o444)
        defer { Syscall.close(output) }
        let cloned = reflinkSupport.tryClone(from: input, to: output, path: temporary)
        do {
            func hashedFromStart() throws -> Digest {
                try Syscall.rewind(output, path: temporary)
                return try hasher.hash(openFile: output, name: temporary)
            }
            let digest: Digest?
            if cloned {
                // A fresh clone shares the file's extents but none of its cached pages.
                digest = try hasher.hash(uncachedFileAt: temporary) ?? hashedFromStart()
            } else if let size = file.size, size >= Self.overlappedCopySize {
                digest = try copyWhileHashing(file, size: size, from: input, to: output, temporary: temporary)
            } else {
                // Copying stops at the size the file was hashed at, which spares the call that
                // only finds the end of a small file; a file that changed since is caught by
                // the hash either way.
                _ = try Syscall.copyContents(from: input, to: output, sourcePath: file.path, destinationPath: temporary,
                                             stoppingAt: file.size)
                digest = try hashedFromStart()
            }
            if digest != file.oid {
                throw SourceChangedError(path: file.path)
            }
        } catch {
            Syscall.unlinkIfPresent(temporary)
            throw error
        }
        return (temporary, cloned)
    }
}

extension ObjectStore {
    /// Files at least this large are copied in `overlappedCopySegment` steps while the copy is
    /// hashed; below it, the threads cost more than the overlap saves.
    static let overlappedCopySize: Int64 = 16 << 20
    static let overlappedCopySegment: Int64 = 8 << 20

    /// Copies a large `file` in segments, hashing each finished segment back from the page cache
    /// while the next one is copied, and starting each segment's writeback as soon as it is
    /// copied, so that the copy, the hash and the batch's closing sync overlap instead of
    /// following each other. The copy stops at `size`: the digest is of exactly the bytes
    /// that become the object, and `nil` if the file got shorter.
    func copyWhileHashing(_ file: PendingFile, size: Int64, from input: Int32, to output: Int32, temporary: String) throws -> Digest? {
        try hasher.hash(openFile: output, size: Int(size), name: temporary) { publish in
            var copied: Int64 = 0
            while copied < size {
                let count = try Syscall.copyContents(from: input, to: output, sourcePath: file.path, destinationPath: temporary,
                                                     stoppingAt: min(Self.overlappedCopySegment, size - copied))
                if count == 0 { return }
                Syscall.startWriteback(output, offset: copied, length: count)
                copied += count
                publish(Int(copied))
            }
        }
    }
}

/// Remembers that this file system cannot reflink, so a batch of 10,000 files does not try
/// (and fail) 10,000 times.
final class ReflinkSupport: Sendable {
    private let unsupported = Atomic<Bool>(false)

    /// Clones `source` into `destination` unless cloning is known not to work here.
    func tryClone(from source: Int32, to destination: Int32, path: String) -> Bool {
        if unsupported.load(ordering: .relaxed) { return false }
        do {
            try Syscall.cloneFile(from: source, to: destination, path: path)
            return true
        } catch {
            if ReflinkSupport.meansNoReflinks(error.code) { unsupported.store(true, ordering: .relaxed) }
            return false
        }
    }

    /// Errors of `FICLONE` that every later clone on this file system would meet too.
    private static func meansNoReflinks(_ code: Int32) -> Bool {
        [Syscall.Errno.notSupported, Syscall.Errno.notATerminal, Syscall.Errno.crossDevice, Syscall.Errno.invalidArgument,
         Syscall.Errno.notImplemented].contains(code)
    }
}
