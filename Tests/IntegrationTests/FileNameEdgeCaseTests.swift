import Foundation
import MLXTestSupport
import Testing

/// Names git and Swift read differently from the file system: a line break cannot be written to
/// `.gitignore`, glob characters must be escaped there, and two Unicode normalizations of one
/// name are two files on Linux but one name to Swift's string comparison (and to macOS).
@Suite struct FileNameEdgeCaseTests {
    let repo: TemporaryDirectory
    static let nfc = "caf\u{E9}"
    static let nfd = "cafe\u{301}"

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
    }

    func mlx(_ arguments: [String]) throws -> ProcessResult { try MLXBinary.run(arguments, in: repo.path) }

    func expectOneLineError(_ result: ProcessResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit \(result.status)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("mlx: error: ") }.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(lines.first?.contains(needle) == true, "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aLineBreakInANameIsRefusedBeforeAnythingIsWritten() throws {
        try repo.write("data/two\nlines.csv", "x\n")
        expectOneLineError(try mlx(["add", "data/two\nlines.csv"]), "data/two\\nlines.csv: has a line break in its name")
        #expect(!FileManager.default.fileExists(atPath: repo.appending("data/.gitignore")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.appending("data")) == ["two\nlines.csv"])

        try repo.write("mlx.yaml", "stages:\n  s:\n    cmd: touch out\n    outs: [\"a\\nb\"]\n")
        expectOneLineError(try mlx(["repro"]), "mlx.yaml:4:12: output `a\\nb` has a line break in its name")
    }

    @Test func globAndCommentCharactersAreEscapedSoGitIgnoresExactlyThatFile() throws {
        let names = ["a*b", "#hash", "!bang", "q?", "[x]", "trailing ", "back\\slash"]
        for name in names { try repo.write("data/" + name, "x\n") }
        try repo.write("data/axb", "not tracked\n")
        try expectSuccess(try mlx(["add"] + names.map { "data/" + $0 }))
        let untracked = try Shell.check("cd '\(repo.path)' && git status --porcelain --untracked-files=all -- data | grep -v '\\.mlx\"\\?$'")
        // Only the sibling that an unescaped `a*b` would have hidden, and data/.gitignore itself.
        #expect(untracked.split(separator: "\n").map { String($0) }.sorted() == ["?? data/.gitignore", "?? data/axb"])
    }

    @Test func namesThatDifferOnlyInNormalizationAreReportedOnceAndForceRecovers() throws {
        try repo.write("d/" + FileNameEdgeCaseTests.nfc, "composed\n")
        try repo.write("d/" + FileNameEdgeCaseTests.nfd, "decomposed\n")
        expectOneLineError(try mlx(["add", "d"]), "differ only in Unicode normalization")
        #expect(!FileManager.default.fileExists(atPath: repo.appending("d.mlx")))

        try FileManager.default.removeItem(atPath: repo.appending("d/" + FileNameEdgeCaseTests.nfd))
        try expectSuccess(try mlx(["add", "d"]))
        try repo.write("d/" + FileNameEdgeCaseTests.nfd, "decomposed\n")
        expectOneLineError(try mlx(["status"]), "differ only in Unicode normalization")
        let refused = try mlx(["checkout"])
        expectOneLineError(refused, "differ only in Unicode normalization")
        #expect(refused.stderr.contains("mlx checkout --force d"))

        try expectSuccess(try mlx(["checkout", "--force"]))
        let names = try FileManager.default.contentsOfDirectory(atPath: repo.appending("d"))
        #expect(names.map { Array($0.utf8) } == [Array(FileNameEdgeCaseTests.nfc.utf8)])
        #expect(try repo.read("d/" + FileNameEdgeCaseTests.nfc) == "composed\n")
        try expectSuccess(try mlx(["status", "--exit-code"]))
    }

    @Test func aFileInOneNormalizationIsNotTakenForTheOther() throws {
        // Recorded in NFC; the workspace holds only the NFD spelling, with the same bytes.
        try repo.write("d/" + FileNameEdgeCaseTests.nfc, "same\n")
        try expectSuccess(try mlx(["add", "d"]))
        try FileManager.default.moveItem(atPath: repo.appending("d/" + FileNameEdgeCaseTests.nfc),
                                         toPath: repo.appending("d/" + FileNameEdgeCaseTests.nfd))
        #expect(try mlx(["status", "--exit-code"]).status == 1)
        try expectSuccess(try mlx(["checkout", "--force"]))
        let names = try FileManager.default.contentsOfDirectory(atPath: repo.appending("d"))
        #expect(names.map { Array($0.utf8) } == [Array(FileNameEdgeCaseTests.nfc.utf8)])
        try expectSuccess(try mlx(["status", "--exit-code"]))
    }
}
