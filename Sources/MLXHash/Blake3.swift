/// One-shot BLAKE3 in the plain `hash` mode.
public enum Blake3 {
    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = Blake3Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
