import Testing
@testable import MLXCore

@Suite struct StageProcessTests {
    @Test func theShellIsTheUsersWithoutStartupFilesElseBinSh() {
        #expect(StageProcess.shellArguments(for: "make", shell: nil) == ["/bin/sh", "-c", "make"])
        #expect(StageProcess.shellArguments(for: "make", shell: "") == ["/bin/sh", "-c", "make"])
        #expect(StageProcess.shellArguments(for: "make", shell: "/bin/bash") == ["/bin/bash", "--noprofile", "--norc", "-c", "make"])
        #expect(StageProcess.shellArguments(for: "make", shell: "/usr/bin/zsh") == ["/usr/bin/zsh", "--no-rcs", "-c", "make"])
    }

    @Test func severalLinesStopAtTheFirstFailureInShellsOfTheShFamilyOnly() {
        #expect(StageProcess.shellArguments(for: "a\nb\n", shell: "/bin/sh") == ["/bin/sh", "-c", "set -e\na\nb\n"])
        // A trailing newline alone (`cmd: |` of one line) is one line.
        #expect(StageProcess.shellArguments(for: "a\n", shell: "/bin/sh") == ["/bin/sh", "-c", "a\n"])
        // In fish, `set -e` erases a variable: its commands are passed as they are.
        #expect(StageProcess.shellArguments(for: "a\nb", shell: "/usr/bin/fish") == ["/usr/bin/fish", "-c", "a\nb"])
    }
}
