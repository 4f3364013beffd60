import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

/// The stage judge as a decision table: for each kind of difference between the workspace and a
/// stage's `mlx.lock` entry, the verdict and the reasons, as data.
@Suite struct StageJudgeTests {
    let directory = TemporaryDirectory()
    let workspace: Workspace
    let judge: StageJudge
    static let base = "stages:\n  train:\n    cmd: make model\n    deps: [data.txt]\n    params: [lr]\n    outs: [out.txt]\n"

    init() throws {
        try directory.write("data.txt", "data\n")
        try directory.write("params.yaml", "lr: 0.1\nseed: 1\n")
        try directory.write("out.txt", "model\n")
        workspace = try Workspace(project: Project(root: directory.path), jobs: 1)
        judge = StageJudge(workspace: workspace)
    }

    func stage(_ yaml: String = StageJudgeTests.base) throws -> Stage {
        try Pipeline.decode(yaml, projectRoot: directory.path).stages[0]
    }

    /// The lock entry a run of `stage` would record now.
    func recorded(_ stage: Stage) throws -> LockedStage {
        let inputs = try judge.inputs(of: stage)
        let outs = try stage.outputs.map { LockedArtifact(try #require(try workspace.summary(of: $0.path))) }
        return LockedStage(commands: stage.commands, commandIsList: false, deps: inputs.deps, params: inputs.params, outs: outs)
    }

    func verdict(_ stage: Stage, locked: LockedStage?) throws -> StageJudge.Verdict {
        try judge.verdict(stage, inputs: try judge.inputs(of: stage), locked: locked)
    }

    @Test func aStageWithoutALockEntryNeverRan() throws {
        #expect(try verdict(try stage(), locked: nil) == .changed([.neverRun]))
    }

    @Test func nothingChangedIsUpToDate() throws {
        let train = try stage()
        #expect(try verdict(train, locked: try recorded(train)) == .upToDate(missing: []))
    }

    @Test func aChangedParamIsNamedByKey() throws {
        let train = try stage()
        let locked = try recorded(train)
        try directory.write("params.yaml", "lr: 0.2\nseed: 2\n")
        #expect(try verdict(train, locked: locked) == .changed([.paramsChanged(["lr"])]))
    }

    @Test func oneEqualsOnePointZeroAsInDVC() throws {
        let train = try stage()
        let locked = try recorded(train)
        try directory.write("params.yaml", "lr: 0.10\nseed: 1\n")
        #expect(try verdict(train, locked: locked) == .upToDate(missing: []))
    }

    @Test func everyDifferingInputIsNamedInOrder() throws {
        let train = try stage()
        let locked = try recorded(train)
        try directory.write("params.yaml", "lr: 0.3\nseed: 1\n")
        try directory.write("data.txt", "other\n")
        let edited = try stage(StageJudgeTests.base.replacingOccurrences(of: "make model", with: "make model2"))
        #expect(try verdict(edited, locked: locked) == .changed([.paramsChanged(["lr"]), .depsChanged(["data.txt"]), .commandChanged]))
    }

    @Test func aModifiedOutputIsNamed() throws {
        let train = try stage()
        let locked = try recorded(train)
        try directory.write("out.txt", "edited by hand\n")
        #expect(try verdict(train, locked: locked) == .changed([.outputsModified(["out.txt"])]))
    }

    @Test func aDeletedOutputIsRestorableOnlyFromTheCache() throws {
        let train = try stage()
        let locked = try recorded(train)
        try FileManager.default.removeItem(atPath: directory.file("out.txt"))
        #expect(try verdict(train, locked: locked) == .changed([.outputsMissing(["out.txt"], restorable: false)]))
        try directory.write("cached", "model\n")
        _ = try workspace.storeObjects(of: try #require(try workspace.scan("cached")))
        #expect(try verdict(train, locked: locked) == .upToDate(missing: locked.outs))
    }

    @Test func redeclaredOutputsAlwaysChangedCallbacksAndMissingDeps() throws {
        let train = try stage()
        let locked = try recorded(train)
        let moreOutputs = try stage(StageJudgeTests.base.replacingOccurrences(of: "[out.txt]", with: "[out.txt, log.txt]"))
        #expect(try verdict(moreOutputs, locked: locked) == .changed([.outputsRedeclared]))
        let always = try stage(StageJudgeTests.base + "    always_changed: true\n")
        #expect(try verdict(always, locked: locked) == .changed([.alwaysChanged]))
        let callback = try stage("stages:\n  train:\n    cmd: make model\n    outs: [out.txt]\n")
        #expect(try verdict(callback, locked: try recorded(callback)) == .changed([.callback]))
        let missingDep = try stage(StageJudgeTests.base.replacingOccurrences(of: "[data.txt]", with: "[data.txt, gone.txt]"))
        #expect(try verdict(missingDep, locked: locked) == .changed([.depsMissing(["gone.txt"])]))
    }

    @Test func reasonsNameTheirKindAndItemsForJSON() {
        #expect(StageChange.depsChanged(["d"]).kind == "deps")
        #expect(StageChange.paramsChanged(["train.lr", "cfg.json:seed"]).items == ["train.lr", "cfg.json:seed"])
        #expect(StageChange.outputsMissing(["m"], restorable: true).items == ["m"])
        #expect(StageChange.commandChanged.items.isEmpty)
    }
}
