import Foundation
import MLXTestSupport
import Testing
@testable import MLXHash

@Suite struct FileHasherTests {
    /// Every tree and buffer boundary: blocks, chunks, power-of-two subtrees, the 1 MiB read
    /// and piece size (where threads start to split a file) and a few MiB.
    static let boundarySizes: [Int] = {
        var sizes = [0, 1, 63, 64, 65, 1023, 1024, 1025]
        for k in 1...12 { sizes += [(1 << k) * 1024 - 1, (1 << k) * 1024, (1 << k) * 1024 + 1] }
        for pieces in [1, 2, 3] {
            sizes += [pieces * FileHasher.pieceSize - 1, pieces * FileHasher.pieceSize, pieces * FileHasher.pieceSize + 1]
        }
        return sizes + [5 * 1024 * 1024 + 12_345]
    }()

    @Test(arguments: supportedLevels)
    func filesAtEveryBoundaryMatchB3sum(level: SIMDLevel) throws {
        let directory = TemporaryDirectory()
        // A new seed every run widens coverage over time; failures name it so they can be replayed.
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SeededBytes(seed: seed)
        var paths: [String] = []
        for size in Self.boundarySizes {
            paths.append(try directory.write("\(size).bin", random.next(count: size)))
        }
        let expected = try B3sum.digests(of: paths)
        try #require(expected.count == paths.count)
        for threads in [1, 2] {
            for jobs in [1, 3, 8] {
                var actual = [String](repeating: "", count: paths.count)
                FileHasher(threads: threads, level: level).hashFiles(paths, jobs: jobs) { index, result in
                    actual[index] = (try? result.get().hex) ?? "\(result)"
                }
                for (index, size) in Self.boundarySizes.enumerated() {
                    #expect(actual[index] == expected[index], "\(size) bytes, threads \(threads), jobs \(jobs), seed \(seed)")
                }
            }
        }
    }

    @Test func sparseFileLargerThan4GiBMatchesB3sum() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/sparse.bin"
        let size = (1 << 32) + 1
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        // Data at both ends and across the 2^32 boundary, holes elsewhere, so every counter
        // and offset that stops fitting in 32 bits is exercised.
        for offset in [0, (1 << 32) - 3, size - 1] {
            let bytes: [UInt8] = [0xA5, 0x5A, 0xFF, 0x01]
            let count = min(bytes.count, size - offset)
            #expect(pwrite(descriptor, bytes, count, off_t(offset)) == count)
        }
        #expect(ftruncate(descriptor, off_t(size)) == 0)
        close(descriptor)
        let expected = try B3sum.digests(of: [path])
        // One pass only: debug builds compile the C kernels without optimization, and 4 GiB
        // through them takes tens of seconds. The serial path shares the tree code and is
        // covered by the boundary test.
        #expect(try FileHasher(threads: 2).hash(path: path).hex == expected.first)
    }

    @Test func hashFilesReportsInInputOrderAndKeepsGoingAfterErrors() throws {
        let directory = TemporaryDirectory()
        var random = SeededBytes(seed: 7)
        var paths: [String] = []
        var expected: [String?] = []
        for index in 0..<24 {
            switch index % 6 {
            case 2:
                paths.append(directory.path + "/missing-\(index)")
                expected.append(nil)
            case 4:
                // Large files finish after the small ones that follow them, so order is earned.
                let bytes = random.next(count: 3 * FileHasher.pieceSize + index)
                paths.append(try directory.write("\(index)", bytes))
                expected.append(Blake3.hash(bytes).hex)
            default:
                let bytes = random.next(count: index * 100)
                paths.append(try directory.write("\(index)", bytes))
                expected.append(Blake3.hash(bytes).hex)
            }
        }
        paths.append(directory.path)
        expected.append(nil)

        var order: [Int] = []
        FileHasher(threads: 2).hashFiles(paths, jobs: 4) { index, result in
            order.append(index)
            switch result {
            case .success(let digest):
                #expect(digest.hex == expected[index], "file \(index)")
            case .failure(let error):
                #expect(expected[index] == nil, "file \(index): \(error)")
                #expect(error.path == paths[index])
                let reason = index == paths.count - 1 ? "Is a directory" : "No such file or directory"
                #expect(error.description == "cannot read '\(paths[index])': \(reason)")
            }
        }
        #expect(order == Array(paths.indices))
    }

    @Test func pipesAreReadToTheEnd() throws {
        var random = SeededBytes(seed: 99)
        let bytes = random.next(count: 2 * FileHasher.pieceSize + 777)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let writer = Thread {
            // Odd write sizes, so reads come back short and unaligned.
            var offset = 0
            var step = 1
            while offset < bytes.count {
                let count = min(step, bytes.count - offset)
                let written = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, count) }
                offset += max(0, written)
                step = step * 3 % 70_001 + 1
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        #expect(try FileHasher().hash(fileDescriptor: readEnd, name: "pipe") == Blake3.hash(bytes))
    }

    @Test func unreadableDescriptorNamesTheInput() {
        #expect(throws: HashError(path: "stdin", errno: EBADF)) {
            try FileHasher().hash(fileDescriptor: -1, name: "stdin")
        }
    }

    @Test func emptyListReportsNothing() {
        FileHasher().hashFiles([], jobs: 4) { _, _ in Issue.record("nothing to report") }
    }
}

extension HashError: Equatable {
    public static func == (lhs: HashError, rhs: HashError) -> Bool {
        lhs.path == rhs.path && lhs.errno == rhs.errno
    }
}
