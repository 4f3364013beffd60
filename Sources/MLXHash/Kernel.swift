internal import CBLAKE3

/// A BLAKE3 chaining value: eight little-endian words, kept as the 32 bytes the C kernels use.
typealias ChainingValue = SIMD32<UInt8>

/// The only door to the C kernels, so that the rest of the module never sees C types.
enum Kernel {
    static let chunkLength = Int(CBLAKE3_CHUNK_LEN)
    static let blockLength = Int(CBLAKE3_BLOCK_LEN)

    static let chunkStart = UInt32(CBLAKE3_CHUNK_START)
    static let chunkEnd = UInt32(CBLAKE3_CHUNK_END)
    static let parent = UInt32(CBLAKE3_PARENT)
    static let root = UInt32(CBLAKE3_ROOT)
    static let keyedHash = UInt32(CBLAKE3_KEYED_HASH)
    static let deriveKeyContext = UInt32(CBLAKE3_DERIVE_KEY_CONTEXT)
    static let deriveKeyMaterial = UInt32(CBLAKE3_DERIVE_KEY_MATERIAL)

    /// The IV, which is the key of the plain hash mode.
    static let iv: ChainingValue = {
        var iv = ChainingValue()
        withUnsafeMutableBytes(of: &iv) { cblake3_iv($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        return iv
    }()

    /// The widest kernel family the CPU and OS support (`cblake3_supported_level`).
    static let supportedLevel: Int32 = cblake3_supported_level()

    static let portableLevel = CBLAKE3_LEVEL_PORTABLE
    static let avx2Level = CBLAKE3_LEVEL_AVX2
    static let avx512Level = CBLAKE3_LEVEL_AVX512

    /// One compression with all 16 output words (`cblake3_compress`).
    static func compress(
        _ chainingValue: ChainingValue, block: SIMD64<UInt8>, blockLength: UInt32, counter: UInt64, flags: UInt32
    ) -> SIMD64<UInt8> {
        var output = SIMD64<UInt8>()
        withUnsafeBytes(of: chainingValue) { cv in
            withUnsafeBytes(of: block) { block in
                withUnsafeMutableBytes(of: &output) { out in
                    cblake3_compress(
                        cv.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        block.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        blockLength, counter, flags,
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        return output
    }

    /// Chaining value of `chunkCount` (a power of two) full chunks starting at chunk `counter`
    /// (`cblake3_subtree`).
    static func subtree(
        _ input: UnsafeRawPointer, chunkCount: Int, key: ChainingValue, counter: UInt64, flags: UInt32,
        level: SIMDLevel
    ) -> ChainingValue {
        var output = ChainingValue()
        withUnsafeBytes(of: key) { key in
            withUnsafeMutableBytes(of: &output) { out in
                cblake3_subtree(
                    level.kernelLevel, input.assumingMemoryBound(to: UInt8.self), chunkCount,
                    key.baseAddress!.assumingMemoryBound(to: UInt8.self), counter, flags,
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return output
    }
}
