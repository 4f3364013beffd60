import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct AtomicFileTests {
    @Test func writesReplacesAndLeavesNoTemporary() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("params.yaml")
        try AtomicFile.write("one\n", to: path)
        #expect(try directory.read("params.yaml") == "one\n")
        try AtomicFile.write(Array("two\n".utf8), to: path)
        try AtomicFile.write(Data("three\n".utf8), to: path)
        #expect(try directory.read("params.yaml") == "three\n")
        #expect(try directory.names() == ["params.yaml"])
    }

    @Test func appliesPermissions() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("hook")
        // Under the umask lock: a config write elsewhere in this test process may change it.
        try Syscall.withFileCreationMask(nil) { mask in
            try AtomicFile.write("#!/bin/sh\n", to: path, permissions: 0o755)
            let mode = try FileStat(path: path).mode & 0o777
            #expect(mode == 0o755 & ~mask)
        }
    }

    @Test func failureNamesThePathAndLeavesNothing() throws {
        let directory = TemporaryDirectory()
        let error = #expect(throws: FileSystemError.self) {
            try AtomicFile.write("x", to: directory.file("missing/folder/file"))
        }
        #expect(error?.operation == "open")
        #expect(error?.code == ENOENT)
        #expect(try directory.names() == [])
    }

    /// `readFile` reads files of every size whole, exactly (sizes around its 4 KiB pieces).
    @Test func readFileReadsWholeFilesOfAnySize() throws {
        let directory = TemporaryDirectory()
        for size in [0, 1, 4095, 4096, 4097, 100_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = directory.file("f\(size)")
            try AtomicFile.write(bytes, to: path)
            #expect(try Syscall.readFile(path) == bytes)
        }
        #expect(throws: FileSystemError.self) { try Syscall.readFile(directory.file("f100000"), limit: 99_999) }
    }

    /// `copyContents` copies everything, or stops at the size it is given (a file that grew since
    /// it was hashed is caught by hashing the copy).
    @Test func copyContentsCopiesAllOrStopsAtTheGivenSize() throws {
        let directory = TemporaryDirectory()
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let source = directory.file("source")
        try AtomicFile.write(bytes, to: source)
        for (limit, expected) in [(nil, 10_000), (Int64(0), 0), (Int64(4096), 4096), (Int64(10_000), 10_000), (Int64(20_000), 10_000)] {
            let target = directory.file("copy-\(limit.map(String.init) ?? "all")")
            let input = try Syscall.open(source, .readOnly)
            defer { Syscall.close(input) }
            let output = try Syscall.open(target, .createNewReadable, mode: 0o644)
            defer { Syscall.close(output) }
            let copied = try Syscall.copyContents(from: input, to: output, sourcePath: source, destinationPath: target, stoppingAt: limit)
            #expect(copied == Int64(expected))
            #expect(try Syscall.readFile(target) == Array(bytes[..<expected]))
        }
    }

    /// From a source `sendfile` cannot read (a pipe), the copy falls back to reads and writes,
    /// and still stops at the size it is given.
    @Test func copyContentsFromAPipeStopsAtTheGivenSize() throws {
        let directory = TemporaryDirectory()
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let bytes = Array("0123456789".utf8)
        #expect(write(ends[1], bytes, bytes.count) == bytes.count)
        close(ends[1])
        let target = directory.file("copy")
        let output = try Syscall.open(target, .createNewReadable, mode: 0o644)
        defer { Syscall.close(output) }
        #expect(try Syscall.copyContents(from: ends[0], to: output, sourcePath: "pipe", destinationPath: target, stoppingAt: 4) == 4)
        #expect(try Syscall.readFile(target) == Array("0123".utf8))
        #expect(try Syscall.copyContents(from: ends[0], to: output, sourcePath: "pipe", destinationPath: target) == 6)
        #expect(try Syscall.readFile(target) == bytes)
    }

    @Test func emptyFile() throws {
        let directory = TemporaryDirectory()
        try AtomicFile.write([UInt8](), to: directory.file("empty"))
        #expect(try FileStat(path: directory.file("empty")).size == 0)
    }
}
