import Synchronization

extension FileHasher {
    /// The digest of the first `size` bytes (at least 1) of the file open at `descriptor`,
    /// hashed while `write` is still writing them on the calling thread.
    ///
    /// `write` calls the function it is given each time the file's first N bytes are complete;
    /// the hashing threads read each 1 MiB piece back (from the page cache) as soon as it is
    /// published, so writing and hashing overlap instead of following each other.
    /// - Returns: `nil` when `write` returned before publishing `size` bytes.
    /// - Throws: what `write` throws, or the `HashError` of a failed read.
    public func hash(openFile descriptor: Int32, size: Int, name: String,
                     whileWriting write: (_ publish: (Int) -> Void) throws -> Void) throws -> Digest? {
        precondition(size > 0, "hash(openFile:size:name:whileWriting:) needs at least one byte")
        guard size > Self.pieceSize else {
            // One piece is its own root: hashed once written, as a whole.
            var length = 0
            try write { length = max(length, $0) }
            guard length >= size else { return nil }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
            defer { buffer.deallocate() }
            guard try Self.fill(buffer, from: descriptor, at: 0, name: name) == size else { return nil }
            return Blake3.hash(UnsafeRawBufferPointer(buffer))
        }
        let written = WrittenLength()
        let outcome = Mutex<Result<Digest?, HashError>>(.success(nil))
        let hashing = ThreadGroup(count: 1) { _ in
            let result = Result { () throws(HashError) -> Digest? in
                try self.hashInPieces(descriptor, size: size, name: name, written: written)
            }
            outcome.withLock { $0 = result }
        }
        do {
            try write { written.publish($0) }
        } catch {
            written.finish()
            hashing.join()
            throw error
        }
        written.finish()
        hashing.join()
        return try outcome.withLock { $0 }.get()
    }
}
