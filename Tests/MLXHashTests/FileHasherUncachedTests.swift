import Foundation
import MLXTestSupport
import Testing
@testable import MLXHash

/// `hash(uncachedPath:)` reads with `O_DIRECT`, in whole aligned blocks: every size around a
/// block, a piece and the end of a file must still hash as `b3sum` does.
@Suite struct FileHasherUncachedTests {
    static let sizes: [Int] = [0, 1, 4095, 4096, 4097, 65_537, FileHasher.pieceSize - 1, FileHasher.pieceSize,
                               FileHasher.pieceSize + 1, 3 * FileHasher.pieceSize + 1234]

    @Test(arguments: [1, 2])
    func matchesB3sumAtEveryBoundary(threads: Int) throws {
        let directory = TemporaryDirectory()
        var random = SeededBytes(seed: 0xD1EC7)
        var paths: [String] = []
        for size in Self.sizes { paths.append(try directory.write("\(size).bin", random.next(count: size))) }
        let expected = try B3sum.digests(of: paths)
        for (path, size) in zip(paths, Self.sizes) {
            // The temporary folder is on ext4 here, which reads with O_DIRECT; nil would mean the
            // file system refused it and the caller fell back, which this test must not hide.
            let digest = try #require(try FileHasher(threads: threads).hash(uncachedPath: path), "O_DIRECT refused for \(path)")
            #expect(digest.hex == expected[paths.firstIndex(of: path)!], "\(size) bytes, \(threads) threads")
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: HashError.self) { try FileHasher(threads: 2).hash(uncachedPath: "/nonexistent/file") }
    }
}
