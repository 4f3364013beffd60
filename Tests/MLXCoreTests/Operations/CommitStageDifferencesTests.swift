import MLXHash
import Testing
@testable import MLXCore

/// What `mlx commit STAGE` says changed between the recorded and the current lock entry.
@Suite struct CommitStageDifferencesTests {
    static func artifact(_ path: String, _ byte: UInt8) -> LockedArtifact {
        LockedArtifact(path: path, oid: ObjectID(Digest(bytes: Array(repeating: byte, count: 32))), size: 1)
    }

    static func entry(command: String = "run", deps: [LockedArtifact] = [artifact("in", 1)],
                      params: [String: [String: ParamValue]] = ["params.yaml": ["lr": .float(0.1)]],
                      outs: [LockedArtifact] = [artifact("out", 2)]) -> LockedStage {
        LockedStage(commands: [command], commandIsList: false, deps: deps, params: params, outs: outs)
    }

    @Test func aStageWithoutEntryWasNeverRun() {
        #expect(CommitOperation.differences(Self.entry(), from: nil) == [.neverRun])
    }

    @Test func anIdenticalEntryHasNoDifferencesAndEquivalentParamsCompareEqual() {
        let now = Self.entry(params: ["params.yaml": ["lr": .integer(1)]])
        let then = Self.entry(params: ["params.yaml": ["lr": .float(1.0)]])
        #expect(CommitOperation.differences(now, from: then).isEmpty)
    }

    @Test func everyKindOfChangeIsNamedInStatusOrder() {
        let now = Self.entry(command: "run --fast", deps: [Self.artifact("in", 3), Self.artifact("extra", 4)],
                             params: ["params.yaml": ["lr": .float(0.2)], "other.yaml": ["seed": .integer(1)]],
                             outs: [Self.artifact("out", 5)])
        #expect(CommitOperation.differences(now, from: Self.entry()) == [
            .paramsChanged(["other.yaml:seed", "lr"]), .depsChanged(["extra", "in"]), .commandChanged, .outputsModified(["out"]),
        ])
    }

    @Test func anOutputNoLongerDeclaredCountsAsChanged() {
        let now = Self.entry(outs: [Self.artifact("new", 2)])
        #expect(CommitOperation.differences(now, from: Self.entry()) == [.outputsModified(["new", "out"])])
    }
}
