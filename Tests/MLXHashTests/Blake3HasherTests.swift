import Testing
@testable import MLXHash

/// Every level this CPU can run, so the portable fallback is checked on wide machines too.
let supportedLevels = SIMDLevel.allCases.filter(\.isSupported)

@Suite struct Blake3HasherTests {
    @Test(arguments: supportedLevels)
    func publishedVectors(level: SIMDLevel) throws {
        let vectors = try TestVectors.load()
        #expect(vectors.cases.count == 35)
        for vector in vectors.cases {
            let input = TestVectors.input(count: vector.inputLength)
            let hashers = [
                (Blake3Hasher(level: level), vector.hash, "hash"),
                (Blake3Hasher(key: Array(vectors.key.utf8), level: level),
                 vector.keyedHash, "keyed_hash"),
                (Blake3Hasher(deriveKeyContext: vectors.contextString, level: level), vector.deriveKey, "derive_key"),
            ]
            for (empty, expected, mode) in hashers {
                var hasher = empty
                hasher.update(input)
                #expect(hasher.finalize(byteCount: 131).hex == expected, "\(mode) of \(vector.inputLength) bytes")
                #expect(hasher.finalize().hex == String(expected.prefix(64)), "\(mode) of \(vector.inputLength) bytes")
            }
        }
    }

    @Test func oneShotMatchesVectors() throws {
        for vector in try TestVectors.load().cases {
            #expect(Blake3.hash(TestVectors.input(count: vector.inputLength)).hex == String(vector.hash.prefix(64)))
        }
    }

    @Test(arguments: supportedLevels)
    func oddSplitsMatchOneShot(level: SIMDLevel) {
        let input = TestVectors.input(count: 300_000)
        var whole = Blake3Hasher(level: level)
        whole.update(input)
        let expected = whole.finalize(byteCount: 100)
        for splits in [[1, 63, 64, 65, 1023, 1024, 1025, 4097], [7, 13, 31, 97, 2049, 65_537], [1024, 2048, 8192]] {
            var hasher = Blake3Hasher(level: level)
            var offset = 0
            var step = 0
            while offset < input.count {
                let end = min(input.count, offset + splits[step % splits.count])
                hasher.update(Array(input[offset..<end]))
                offset = end
                step += 1
            }
            #expect(hasher.finalize(byteCount: 100) == expected, "splits \(splits)")
        }
    }

    @Test(arguments: supportedLevels)
    func moreFollowsPromiseKeepsTheTree(level: SIMDLevel) {
        let input = TestVectors.input(count: 5 * 65_536 + 3)
        var expected = Blake3Hasher(level: level)
        expected.update(input)
        var hasher = Blake3Hasher(level: level)
        input.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 65_536)
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), moreFollows: end < bytes.count)
                offset = end
            }
        }
        #expect(hasher.finalize() == expected.finalize())
    }

    @Test func finalizeLeavesTheHasherUsable() {
        var hasher = Blake3Hasher()
        hasher.update([1, 2, 3])
        _ = hasher.finalize()
        hasher.update([4])
        #expect(hasher.finalize() == Blake3.hash([1, 2, 3, 4]))
    }
}
