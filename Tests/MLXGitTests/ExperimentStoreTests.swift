import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

@Suite struct ExperimentStoreTests {
    private func store() throws -> (TemporaryDirectory, ExperimentStore, String) {
        let sandbox = try TemporaryDirectory.gitRepository("mlxgit-store")
        let head = try sandbox.commit("base", files: ["params.yaml": "lr: 0.1\n"])
        return (sandbox, ExperimentStore(repository: try GitRepository.discover(from: sandbox.path)), head)
    }

    @Test func aSavedExperimentIsListedAndResolvedByName() throws {
        let (sandbox, store, head) = try store()
        try sandbox.write("params.yaml", "lr: 0.2\n")

        let saved = try store.save(name: try ExperimentName("first"), baseline: head, workspace: sandbox.path, force: false)

        #expect(saved.refName == ExperimentRef.refName(name: "first", baseline: head))
        #expect(try store.list() == [saved])
        #expect(try store.resolve(name: "first") == saved)
        #expect(try sandbox.git("log", "-1", "--format=%s %P", saved.commit) == "mlx exp: first \(head)")
        #expect(try sandbox.git("show", "\(saved.commit):params.yaml") == "lr: 0.2")
    }

    @Test func aTakenNameIsRefusedUnlessForcedWhichReplacesIt() throws {
        let (sandbox, store, head) = try store()
        let first = try store.save(name: try ExperimentName("same"), baseline: head, workspace: sandbox.path, force: false)
        let second = try sandbox.commit("next", files: ["params.yaml": "lr: 0.3\n"])

        let error = try #require(throws: ExperimentError.self) {
            try store.save(name: try ExperimentName("same"), baseline: second, workspace: sandbox.path, force: false)
        }
        #expect(error.message == "experiment 'same' already exists")

        let replaced = try store.save(name: try ExperimentName("same"), baseline: second, workspace: sandbox.path, force: true)
        #expect(try store.list().map(\.refName) == [replaced.refName])
        #expect(replaced.refName != first.refName)
    }

    @Test func generatedNamesAreUniqueAndRemovalDropsTheRef() throws {
        let (sandbox, store, head) = try store()
        let one = try store.save(name: nil, baseline: head, workspace: sandbox.path, force: false)
        let two = try store.save(name: nil, baseline: head, workspace: sandbox.path, force: false)
        #expect(one.name != two.name)

        try store.remove(one)

        #expect(try store.list().map(\.name) == [two.name])
        let error = try #require(throws: ExperimentError.self) { try store.resolve(name: one.name) }
        #expect(error.message == "unknown experiment '\(one.name)'")
    }
}
