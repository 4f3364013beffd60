import MLXHash

/// How MLXCore computes object ids: BLAKE3 of a byte buffer and of a file.
///
/// Kept behind closures so the cache and manifest code do not depend on one hashing
/// implementation: the executable passes MLXHash's parallel BLAKE3, tests can pass a reference.
public struct ContentHasher: Sendable {
    let hashBytes: @Sendable ([UInt8]) -> Digest
    let hashFile: @Sendable (String) throws -> Digest
    let hashOpenFile: @Sendable (Int32, String) throws -> Digest
    let hashPieces: (@Sendable (_ produce: (_ consume: ([UInt8]) -> Void) -> Void) -> Digest)?
    let hashWrittenFile: (@Sendable (Int32, Int, String, (_ publish: (Int) -> Void) throws -> Void) throws -> Digest?)?
    let hashUncachedFile: (@Sendable (String) throws -> Digest?)?

    /// Creates a hasher from a buffer hash, a file hash, the hash of a file already open
    /// (descriptor, name for errors) and, optionally, an incremental hash of bytes produced in
    /// pieces (without it, the pieces are joined first), optionally the hash of a file while it
    /// is written (without it, the file is hashed once written) and optionally the hash of a
    /// file read around the page cache (nil where that cannot be done); all must compute
    /// BLAKE3-256.
    public init(bytes: @escaping @Sendable ([UInt8]) -> Digest,
                file: @escaping @Sendable (String) throws -> Digest,
                openFile: @escaping @Sendable (Int32, String) throws -> Digest,
                pieces: (@Sendable (_ produce: (_ consume: ([UInt8]) -> Void) -> Void) -> Digest)? = nil,
                writtenFile: (@Sendable (Int32, Int, String, (_ publish: (Int) -> Void) throws -> Void) throws -> Digest?)? = nil,
                uncachedFile: (@Sendable (String) throws -> Digest?)? = nil) {
        hashBytes = bytes
        hashFile = file
        hashOpenFile = openFile
        hashPieces = pieces
        hashWrittenFile = writtenFile
        hashUncachedFile = uncachedFile
    }

    /// The digest of `bytes`.
    public func hash(_ bytes: [UInt8]) -> Digest { hashBytes(bytes) }

    /// The digest of the bytes `produce` hands, piece by piece, to the function it is given:
    /// a million-entry manifest is hashed without being held whole (~140 MB).
    public func hash(pieces produce: (_ consume: ([UInt8]) -> Void) -> Void) -> Digest {
        if let hashPieces { return hashPieces(produce) }
        var joined: [UInt8] = []
        produce { joined += $0 }
        return hashBytes(joined)
    }

    /// The digest of the file at `path`.
    public func hash(fileAt path: String) throws -> Digest { try hashFile(path) }

    /// The digest of the file open at `descriptor`, read from its start; `name` names it in errors.
    public func hash(openFile descriptor: Int32, name: String) throws -> Digest { try hashOpenFile(descriptor, name) }

    /// The digest of the file at `path` read around the page cache (`O_DIRECT`), for a file
    /// whose bytes cannot be cached yet (a clone made a moment ago); nil where that cannot be
    /// done, and the caller hashes it the usual way.
    public func hash(uncachedFileAt path: String) throws -> Digest? {
        try hashUncachedFile?(path)
    }

    /// The digest of the first `size` bytes (at least 1) of the file open at `descriptor`,
    /// which `write` writes meanwhile, calling the function it is given with the length written
    /// so far; `nil` when `write` stops short of `size`. `name` names the file in errors.
    public func hash(openFile descriptor: Int32, size: Int, name: String,
                     whileWriting write: (_ publish: (Int) -> Void) throws -> Void) throws -> Digest? {
        if let hashWrittenFile { return try hashWrittenFile(descriptor, size, name, write) }
        var length = 0
        try write { length = max(length, $0) }
        guard length >= size else { return nil }
        // The writer left the offset at the end; a small file is hashed from the offset.
        try Syscall.rewind(descriptor, path: name)
        return try hashOpenFile(descriptor, name)
    }
}
