import MLXCore
import Testing

@Suite struct ExperimentNameTests {
    @Test(arguments: ["exp1", "lr-0.1", "A_b.c", String(repeating: "x", count: 100)])
    func validNamesAreAccepted(_ text: String) throws {
        #expect(try ExperimentName(text).rawValue == text)
    }

    @Test(arguments: ["", "-lead", ".hidden", "a/b", "a b", "a..b", "end.", "x.lock", "ünï", String(repeating: "x", count: 101)])
    func invalidNamesAreRefusedWithAHint(_ text: String) {
        let error = #expect(throws: ExperimentError.self) { try ExperimentName(text) }
        #expect(error?.hint != nil)
    }

    @Test func generatedNamesAreAdjectiveNounAndAvoidTakenOnes() throws {
        var taken = Set<String>()
        for _ in 0..<200 {
            let name = ExperimentName.generate(isTaken: taken.contains)
            #expect(!taken.contains(name.rawValue))
            #expect(try ExperimentName(name.rawValue) == name)
            taken.insert(name.rawValue)
        }
        let first = try #require(taken.first)
        #expect(first.split(separator: "-").count >= 2)
    }

    @Test func refNamesFollowDVCsLayoutAndParseBack() {
        let baseline = "0123456789abcdef0123456789abcdef01234567"
        let ref = ExperimentRef.refName(name: "swift-owl", baseline: baseline)

        #expect(ref == "refs/exps/01/23456789abcdef0123456789abcdef01234567/swift-owl")
        #expect(ExperimentRef.parse(refName: ref)?.name == "swift-owl")
        #expect(ExperimentRef.parse(refName: ref)?.baseline == baseline)
        #expect(ExperimentRef.parse(refName: "refs/exps/exec/EXEC_BRANCH") == nil)
    }
}
