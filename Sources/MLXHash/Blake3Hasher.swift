/// An incremental BLAKE3 hasher whose memory does not depend on the input length.
///
/// Full chunks go to the SIMD kernels as whole power-of-two subtrees; only the chunk at the end
/// of the input so far is kept in a buffer, with one chaining value per tree level.
public struct Blake3Hasher: Sendable {
    private let key: ChainingValue
    private let flags: UInt32
    private let level: SIMDLevel
    /// Index of the first chunk: nonzero when this hasher covers a subtree in the middle of a file.
    private let firstChunk: UInt64
    private var chunk: ChunkState
    private var stack: ChainingValueStack

    /// A hasher for the plain `hash` mode.
    public init() { self.init(level: .current) }

    /// A hasher for the `keyed_hash` mode; `key` must be 32 bytes.
    public init(key: [UInt8]) { self.init(key: key, level: .current) }

    /// A hasher for the `derive_key` mode with a hard-coded, globally unique context string.
    public init(deriveKeyContext: String) { self.init(deriveKeyContext: deriveKeyContext, level: .current) }

    init(level: SIMDLevel) {
        self.init(key: Kernel.iv, flags: 0, level: level)
    }

    init(key: [UInt8], level: SIMDLevel) {
        precondition(key.count == 32, "a BLAKE3 key is 32 bytes")
        var words = ChainingValue()
        for index in 0..<32 { words[index] = key[index] }
        self.init(key: words, flags: Kernel.keyedHash, level: level)
    }

    init(deriveKeyContext: String, level: SIMDLevel) {
        var contextHasher = Blake3Hasher(key: Kernel.iv, flags: Kernel.deriveKeyContext, level: level)
        contextHasher.update(Array(deriveKeyContext.utf8))
        var contextKey = ChainingValue()
        for (index, byte) in contextHasher.finalize().bytes.enumerated() { contextKey[index] = byte }
        self.init(key: contextKey, flags: Kernel.deriveKeyMaterial, level: level)
    }

    /// A hasher whose input starts at chunk `firstChunk` of a longer input, for hashing one
    /// subtree of it; `firstChunk` must be a multiple of the subtree's chunk count.
    init(key: ChainingValue, flags: UInt32, level: SIMDLevel, firstChunk: UInt64 = 0) {
        self.key = key
        self.flags = flags
        self.level = min(level, .widestSupported)
        self.firstChunk = firstChunk
        self.chunk = ChunkState(key: key, chunkCounter: firstChunk, flags: flags)
        self.stack = ChainingValueStack(key: key, flags: flags)
    }

    /// Appends bytes to the input.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        update(bytes, moreFollows: false)
    }

    /// Appends bytes to the input.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends bytes; `moreFollows` promises that at least one more byte will be appended,
    /// which lets a final full chunk be compressed now rather than kept back. Callers that read
    /// in chunk-aligned buffers then keep every buffer's subtrees aligned and SIMD-wide.
    mutating func update(_ input: UnsafeRawBufferPointer, moreFollows: Bool) {
        var offset = 0
        if chunk.count > 0 {
            offset += chunk.absorb(input)
            guard chunk.isFull, offset < input.count || moreFollows else { return }
            stack.push(chunk.output.chainingValue, chunks: 1)
        }
        while true {
            let remaining = input.count - offset
            // Without the promise, the last byte must stay behind: it decides which node is the root.
            let fullChunks = (moreFollows ? remaining : remaining - 1) / Kernel.chunkLength
            guard fullChunks > 0 else { break }
            var subtreeChunks = UInt64(1) << (UInt64.bitWidth - 1 - UInt64(fullChunks).leadingZeroBitCount)
            let done = stack.chunkCount
            if done > 0 {
                // A subtree starts only at a multiple of its size, like in the complete tree.
                subtreeChunks = min(subtreeChunks, done & (~done &+ 1))
            }
            let chainingValue = Kernel.subtree(
                input.baseAddress! + offset, chunkCount: Int(subtreeChunks), key: key,
                counter: firstChunk + done, flags: flags, level: level)
            stack.push(chainingValue, chunks: subtreeChunks)
            offset += Int(subtreeChunks) * Kernel.chunkLength
        }
        if chunk.count > 0 || offset < input.count {
            chunk = ChunkState(key: key, chunkCounter: firstChunk + stack.chunkCount, flags: flags)
            offset += chunk.absorb(UnsafeRawBufferPointer(rebasing: input[offset...]))
        }
    }

    /// The 32-byte digest of the input so far; the hasher can go on taking input.
    public func finalize() -> Digest {
        Digest(bytes: rootNode.rootBytes(count: Digest.byteCount))
    }

    /// The first `byteCount` bytes of the extendable output; its first 32 bytes are `finalize()`.
    public func finalize(byteCount: Int) -> [UInt8] {
        rootNode.rootBytes(count: byteCount)
    }

    /// The chaining value of the input as an inner node: the subtree this hasher covers.
    var subtreeChainingValue: ChainingValue {
        chunk.count > 0 || stack.isEmpty ? stack.root(over: chunk.output).chainingValue : stack.chainingValue
    }

    private var rootNode: OutputNode {
        precondition(chunk.count > 0 || stack.isEmpty, "update(_:moreFollows: true) promised more input")
        return stack.root(over: chunk.output)
    }
}
