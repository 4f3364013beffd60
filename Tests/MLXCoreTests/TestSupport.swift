import Foundation
import Glibc
@testable import MLXCore
import MLXHash
import MLXTestSupport

/// Reference BLAKE3 through `b3sum`, independent of MLXHash (which is being rewritten).
enum Reference {
    static func b3sum(path: String) throws -> Digest {
        let output = try Shell.check("b3sum --no-names '\(path)'")
        guard let digest = Digest(hex: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ShellError(message: "b3sum printed \(output)")
        }
        return digest
    }

    static func b3sum(bytes: [UInt8]) -> Digest {
        let directory = TemporaryDirectory()
        let path = directory.file("bytes")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try! b3sum(path: path)
    }

    /// The production hasher; `b3sum` above stays the independent reference tests compare with.
    static let hasher = ContentHasher.blake3()
}

/// The repository's `Fixtures/` folder, found from this source file as SwiftPM does.
func fixturesPath(_ relative: String, file: StaticString = #filePath) -> String {
    let here = URL(fileURLWithPath: "\(file)")
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}
