import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import MLXCore
import MLXHash

/// A fresh folder per test, removed when the test drops it; tests never `chdir` into it.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/mlx-core-test-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        let created8 = template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let name = String(decoding: created8, as: UTF8.self)
        path = ProjectPath.realPath(name) ?? name
    }

    deinit {
        // Objects are read-only; make everything writable again so removal cannot fail.
        _ = try? Shell.run("chmod -R u+w '\(path)' && rm -rf '\(path)'")
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let target = file(relative)
        try FileManager.default.createDirectory(atPath: Syscall.directoryName(of: target), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: file(relative), encoding: .utf8)
    }

    func names(in relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : file(relative)).sorted()
    }
}

/// Runs small shell commands for fixtures and reference values.
enum Shell {
    struct Failure: Error { let command: String; let status: Int32; let output: String }

    @discardableResult
    static func run(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(command: command, status: process.terminationStatus, output: output)
        }
        return output
    }
}

/// Reference BLAKE3 through `b3sum`, independent of MLXHash (which is being rewritten).
enum Reference {
    static func b3sum(path: String) throws -> Digest {
        let output = try Shell.run("b3sum --no-names '\(path)'")
        guard let digest = Digest(hex: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Shell.Failure(command: "b3sum", status: 0, output: output)
        }
        return digest
    }

    static func b3sum(bytes: [UInt8]) -> Digest {
        let directory = TemporaryDirectory()
        let path = directory.file("bytes")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try! b3sum(path: path)
    }

    /// A `ContentHasher` for tests, until MLXHash's BLAKE3 lands.
    static let hasher = ContentHasher(
        bytes: { b3sum(bytes: $0) },
        file: { path in try b3sum(path: path) }
    )
}

/// The repository's `Fixtures/` folder, found from this source file as SwiftPM does.
func fixturesPath(_ relative: String, file: StaticString = #filePath) -> String {
    let here = URL(fileURLWithPath: "\(file)")
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}
