import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

/// `repro --allow-missing` as the judge sees it: data gone from the workspace is no change, as
/// long as `mlx.lock` records it and nothing else differs.
@Suite struct StageJudgeAllowMissingTests {
    let directory = TemporaryDirectory()
    let workspace: Workspace
    let judge: StageJudge
    let train: Stage
    let locked: LockedStage

    init() throws {
        try directory.write("data.txt", "data\n")
        try directory.write("params.yaml", "lr: 0.1\n")
        try directory.write("out.txt", "model\n")
        workspace = try Workspace(project: Project(root: directory.path), jobs: 1)
        judge = StageJudge(workspace: workspace)
        train = try Pipeline.decode("stages:\n  train:\n    cmd: make model\n    deps: [data.txt]\n    params: [lr]\n    outs: [out.txt]\n",
                                    projectRoot: directory.path).stages[0]
        let inputs = try judge.inputs(of: train)
        let outs = [LockedArtifact(try #require(try workspace.summary(of: "out.txt")))]
        locked = LockedStage(commands: train.commands, commandIsList: false, deps: inputs.deps, params: inputs.params, outs: outs)
    }

    func verdict(allowMissing: Bool, recordedOutputs: [String: ObjectID] = [:]) throws -> StageJudge.Verdict {
        try judge.verdict(train, inputs: try judge.inputs(of: train), locked: locked, allowMissing: allowMissing,
                          recordedOutputs: recordedOutputs)
    }

    @Test func aMissingRecordedDependencyIsNoChange() throws {
        try FileManager.default.removeItem(atPath: directory.appending("data.txt"))
        #expect(try verdict(allowMissing: false) == .changed([.depsMissing(["data.txt"])]))
        #expect(try verdict(allowMissing: true) == .upToDate(missing: []))
    }

    @Test func aMissingOutputTheCacheLacksIsNoChange() throws {
        try FileManager.default.removeItem(atPath: directory.appending("out.txt"))
        #expect(try verdict(allowMissing: false) == .changed([.outputsMissing(["out.txt"], restorable: false)]))
        #expect(try verdict(allowMissing: true) == .upToDate(missing: []))
    }

    @Test func otherChangesStillCount() throws {
        try FileManager.default.removeItem(atPath: directory.appending("data.txt"))
        try directory.write("params.yaml", "lr: 0.2\n")
        #expect(try verdict(allowMissing: true) == .changed([.paramsChanged(["lr"])]))
    }

    @Test func aMissingDependencyItsWriterHasSinceRemadeIsAChange() throws {
        try FileManager.default.removeItem(atPath: directory.appending("data.txt"))
        let other = try #require(ObjectID(String(repeating: "ab", count: 32)))
        #expect(try verdict(allowMissing: true, recordedOutputs: ["data.txt": other]) == .changed([.depsMissing(["data.txt"])]))
        #expect(try verdict(allowMissing: true, recordedOutputs: ["data.txt": locked.deps[0].oid]) == .upToDate(missing: []))
    }
}
