import MLXHash

/// Hashes an upload's bytes in the order a remote adapter reads them, so that push checks what
/// it sends in the same read that sends it: a cache object damaged since it was written (bit
/// rot, a hard-linked file edited in place) must not reach a remote under a name it no longer
/// matches.
///
/// The adapter calls `consume` with every piece it reads and asks for the `verdict` once the
/// last byte is in, before it hands that byte on, so a mismatch can still stop the upload.
public struct UploadVerifier: Sendable {
    /// What the bytes must hash to.
    public let expected: Digest
    /// How many bytes the upload has.
    public let length: Int64
    private var hasher = Blake3Hasher()
    /// Bytes hashed so far, from the start of the file.
    public private(set) var hashedBytes: Int64 = 0

    public init(expected: Digest, length: Int64) {
        self.expected = expected
        self.length = length
    }

    /// Feeds `bytes`, read at `offset` from the start. Bytes already hashed (read again after
    /// a rewind) are skipped; returns false for a gap (bytes past the ones hashed so far),
    /// which leaves the upload unverifiable.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Bool {
        guard offset <= hashedBytes else { return false }
        let skip = Int(hashedBytes - offset)
        guard skip < bytes.count else { return true }
        hasher.update(UnsafeRawBufferPointer(rebasing: bytes[skip...]))
        hashedBytes += Int64(bytes.count - skip)
        return true
    }

    /// Whether every byte has been hashed.
    public var isComplete: Bool { hashedBytes >= length }

    /// The digest the bytes actually have when it is not `expected`; nil when they match.
    /// Only meaningful once `isComplete`.
    public func mismatch() -> Digest? {
        let actual = hasher.finalize()
        return actual == expected ? nil : actual
    }
}
