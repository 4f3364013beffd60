import Glibc

extension FileHasher {
    /// Alignment of buffers, offsets and lengths for `O_DIRECT` (the largest logical block size
    /// in common use).
    static let directAlignment = 4096

    /// The digest of the file at `path`, read with `O_DIRECT`, around the page cache; nil where
    /// the file system refuses direct reads (the caller then hashes it the usual way).
    ///
    /// For a file whose bytes cannot be in the page cache yet, such as a reflink clone made a
    /// moment ago (clones share extents, not cached pages): a buffered read would fill the
    /// cache with a second copy of data the source already holds there. Measured on this
    /// project's machine, a fresh clone of 1 GiB on XFS: 1.05 s buffered, 0.17 s direct.
    public func hash(uncachedPath path: String) throws(HashError) -> Digest? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | Self.openDirect)
        guard descriptor >= 0 else {
            if errno == EINVAL { return nil }
            throw HashError(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw HashError(path: path, errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else { return Blake3.hash([]) }
        if size > Self.pieceSize {
            return try hashInPieces(descriptor, size: size, name: path, direct: true)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.alignedUp(size), alignment: Self.directAlignment)
        defer { buffer.deallocate() }
        guard let count = try Self.fillDirect(buffer, from: descriptor, at: 0, wanted: size, name: path), count == size else { return nil }
        return Blake3.hash(UnsafeRawBufferPointer(rebasing: buffer[..<size]))
    }

    /// Linux's `O_DIRECT`, which Swift's Glibc module leaves out (it needs `_GNU_SOURCE`); its
    /// value differs between architectures.
    #if arch(arm64)
    static let openDirect: Int32 = 0o200000
    #else
    static let openDirect: Int32 = 0o40000
    #endif

    static func alignedUp(_ length: Int) -> Int {
        (length + directAlignment - 1) / directAlignment * directAlignment
    }

    /// Reads `wanted` bytes at `offset` (aligned) into the aligned `buffer` with direct reads,
    /// asking for whole blocks; returns the bytes read (fewer at the end of the file), or nil
    /// when the file system refuses the direct read.
    static func fillDirect(
        _ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: Int, wanted: Int, name: String
    ) throws(HashError) -> Int? {
        var count = 0
        while count < wanted {
            let request = alignedUp(wanted - count)
            let result = pread(descriptor, buffer.baseAddress! + count, request, off_t(offset + count))
            if result < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL { return nil }
                throw HashError(path: name, errno: errno)
            }
            if result == 0 { break }
            count += result
            // A read that stops short of a block boundary met the end of the file.
            if result % directAlignment != 0 { break }
        }
        return min(count, wanted)
    }
}
