/// The chunk being filled: up to 1024 bytes, compressed one block behind the input because the
/// last block of a chunk needs the CHUNK_END flag and only later input tells which block is last.
struct ChunkState: Sendable {
    private var chainingValue: ChainingValue
    private var block = SIMD64<UInt8>()
    private var blockLength = 0
    private var blocksCompressed = 0
    private let chunkCounter: UInt64
    private let flags: UInt32

    init(key: ChainingValue, chunkCounter: UInt64, flags: UInt32) {
        self.chainingValue = key
        self.chunkCounter = chunkCounter
        self.flags = flags
    }

    /// Bytes taken so far, at most one chunk.
    var count: Int { blocksCompressed * Kernel.blockLength + blockLength }

    var isFull: Bool { count == Kernel.chunkLength }

    /// Takes bytes from the front of `input` until the chunk is full; returns how many it took.
    mutating func absorb(_ input: UnsafeRawBufferPointer) -> Int {
        var taken = 0
        while taken < input.count && !isFull {
            if blockLength == Kernel.blockLength {
                chainingValue = OutputNode(
                    inputChainingValue: chainingValue, block: block, blockLength: UInt32(Kernel.blockLength),
                    counter: chunkCounter, flags: flags | startFlag
                ).chainingValue
                blocksCompressed += 1
                blockLength = 0
                // A short final block is zero-padded, so no bytes of the previous block may remain.
                block = SIMD64()
            }
            let step = min(Kernel.blockLength - blockLength, input.count - taken)
            let start = blockLength
            withUnsafeMutableBytes(of: &block) { bytes in
                bytes.baseAddress!.advanced(by: start).copyMemory(from: input.baseAddress! + taken, byteCount: step)
            }
            blockLength += step
            taken += step
        }
        return taken
    }

    /// The chunk's last block, still open.
    var output: OutputNode {
        OutputNode(
            inputChainingValue: chainingValue, block: block, blockLength: UInt32(blockLength),
            counter: chunkCounter, flags: flags | startFlag | Kernel.chunkEnd)
    }

    private var startFlag: UInt32 { blocksCompressed == 0 ? Kernel.chunkStart : 0 }
}
