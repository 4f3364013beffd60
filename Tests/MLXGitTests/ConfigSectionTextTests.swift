import Testing
@testable import MLXGit

@Suite struct ConfigSectionTextTests {
    @Test func removesTheEmptiedHeaderAtTheEndOfTheFile() {
        let text = "[core]\n\tremote = a\n[remote \"a\"]\n\t# old\n\n"
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "a", from: text) == "[core]\n\tremote = a\n")
    }

    @Test func keepsAHeaderThatStillHasKeys() {
        let text = "[remote \"a\"]\n\turl = x\n"
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "a", from: text) == text)
    }

    @Test func matchesOnlyTheNamedSubsection() {
        let text = "[remote \"a\"]\n[remote \"A\"]\n[remote \"ab\"]\n"
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "a", from: text) == "[remote \"A\"]\n[remote \"ab\"]\n")
    }

    @Test func understandsEscapesSpacingAndTheDottedForm() {
        let text = "  [Remote   \"we\\\"ird\"]  # note\n[remote.Old]\n[core]\n\tx = 1\n"
        let first = ConfigSectionText.removingEmptySection("remote", subsection: "we\"ird", from: text)
        #expect(first == "[remote.Old]\n[core]\n\tx = 1\n")
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "old", from: first) == "[core]\n\tx = 1\n")
    }

    @Test func leavesAHeaderWithAKeyOnTheSameLine() {
        let text = "[remote \"a\"] url = x\n"
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "a", from: text) == text)
    }

    @Test func removesEveryEmptiedCopyOfTheSection() {
        let text = "[remote \"a\"]\n[core]\n\tx = 1\n[remote \"a\"]\n"
        #expect(ConfigSectionText.removingEmptySection("remote", subsection: "a", from: text) == "[core]\n\tx = 1\n")
    }
}
