import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct DirectoryWalkerTests {
    @Test func visitsFilesInByteOrderOfTheirWholeRelpath() throws {
        let root = TemporaryDirectory()
        let names = ["a.txt", "a/b", "a/b.c/d", "a/bb/c", "a/b-/x", "a-b", "ab/c", "b", "Z", "é/x", "a0", "a/a", ".hidden/x"]
        for name in names { try root.write("t/" + name, name) }
        let walked = try DirectoryWalker.files(under: root.appending("t"), projectRoot: root.path, ignorePrefix: "t", ignore: IgnoreRules())
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(walked.map(\.relpath) == expected)
    }

    @Test func ignoredEntriesAreSkippedBeforeLinksAreFollowed() throws {
        let root = TemporaryDirectory()
        try root.write("t/keep", "k")
        try root.write("t/skip/deep", "d")
        let rules = IgnoreRules(text: "skip/\n")
        let walked = try DirectoryWalker.files(under: root.appending("t"), projectRoot: root.path, ignorePrefix: "t", ignore: rules)
        #expect(walked.map(\.relpath) == ["keep"])
    }
}
