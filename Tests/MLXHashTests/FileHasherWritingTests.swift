import Foundation
import Testing
@testable import MLXHash

/// `hash(openFile:size:name:whileWriting:)`: the hash of a file read back piece by piece while
/// another thread is still writing it must be the hash of the finished file.
@Suite struct FileHasherWritingTests {
    /// Writes `bytes` to a new file through `descriptor` in steps of `step` bytes, publishing
    /// each step, and returns what the hasher made of it.
    private static func hashWhileWriting(_ bytes: [UInt8], step: Int, size: Int? = nil, threads: Int,
                                         stopAfter limit: Int? = nil) throws -> Digest? {
        let directory = NSTemporaryDirectory() + "mlx-writing-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let descriptor = open(directory + "/file", O_CREAT | O_RDWR | O_EXCL, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        return try FileHasher(threads: threads).hash(openFile: descriptor, size: size ?? bytes.count, name: "file") { publish in
            var written = 0
            while written < min(bytes.count, limit ?? bytes.count) {
                let count = min(step, bytes.count - written)
                let result = bytes[written..<written + count].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, count, off_t(written)) }
                #expect(result == count)
                written += count
                publish(written)
            }
        }
    }

    @Test(arguments: [1, 2, 4])
    func matchesTheWholeFilesHash(threads: Int) throws {
        var random = SeededBytes(seed: 0x5EED)
        // Steps that do and do not line up with the 1 MiB pieces, and a last piece that is short.
        for (size, step) in [(1, 1), (FileHasher.pieceSize, 4096), (3 * FileHasher.pieceSize + 1234, 777_777),
                             (5 * FileHasher.pieceSize, 8 << 20)] {
            let bytes = random.next(count: size)
            #expect(try Self.hashWhileWriting(bytes, step: step, threads: threads) == Blake3.hash(bytes),
                    "\(size) bytes in steps of \(step) on \(threads) threads")
        }
    }

    /// A writer that stops short (the source got shorter) gives no digest rather than the hash
    /// of a partial file, on any number of threads, and does not hang.
    @Test(arguments: [1, 2])
    func aWriterThatStopsShortGivesNoDigest(threads: Int) throws {
        var random = SeededBytes(seed: 7)
        let bytes = random.next(count: 3 * FileHasher.pieceSize)
        #expect(try Self.hashWhileWriting(bytes, step: 100_000, threads: threads, stopAfter: FileHasher.pieceSize + 5) == nil)
        #expect(try Self.hashWhileWriting(bytes, step: 100_000, threads: threads, stopAfter: 0) == nil)
    }

    /// Only the first `size` bytes count, whatever else the file holds.
    @Test func hashesExactlyTheGivenSize() throws {
        var random = SeededBytes(seed: 11)
        let bytes = random.next(count: 2 * FileHasher.pieceSize + 10)
        let size = FileHasher.pieceSize + 3
        #expect(try Self.hashWhileWriting(bytes, step: 65_536, size: size, threads: 2) == Blake3.hash(Array(bytes[..<size])))
    }

    /// The writer's error reaches the caller, and the hashing threads stop.
    @Test func theWritersErrorIsRethrown() throws {
        struct WriterFailed: Error {}
        let descriptor = open("/dev/null", O_RDONLY)
        defer { close(descriptor) }
        #expect(throws: WriterFailed.self) {
            _ = try FileHasher(threads: 2).hash(openFile: descriptor, size: 4 * FileHasher.pieceSize, name: "/dev/null") { publish in
                publish(10)
                throw WriterFailed()
            }
        }
    }
}
