import Foundation
import MLXTestSupport
import Testing

/// `mlx checkout STAGE`, `mlx.yaml`, `mlx.yaml:STAGE`, `--with-deps` and `-R`, as DVC's
/// checkout takes them: a stage restores the outputs mlx.lock records for it.
@Suite struct CheckoutStageTests {
    /// input.txt (tracked by a pointer) → prepare → train.
    static func project() throws -> PipelineProject {
        let project = try PipelineProject(["mlx.yaml": FreezeCommandTests.pipeline, "input.txt": "one\n"])
        #expect(try project.mlx("add", "-q", "input.txt").status == 0)
        #expect(try project.mlx("repro").status == 0)
        for path in ["input.txt", "prepared.txt", "model.txt"] { try FileManager.default.removeItem(atPath: project.path + "/" + path) }
        return project
    }

    @Test func aStageRestoresOnlyItsOwnOutputs() throws {
        let project = try Self.project()
        let checkout = try project.mlx("checkout", "train")
        #expect(checkout.status == 0, "\(checkout.stderr)")
        #expect(checkout.stdout == "restored model.txt (1 file)\n")
        #expect(project.text("prepared.txt") == nil && project.text("input.txt") == nil)
        #expect(try project.mlx("checkout", "mlx.yaml:prepare").stdout == "restored prepared.txt (1 file)\n")
    }

    @Test func withDepsAlsoRestoresUpstreamStagesAndTheTrackedDataTheyRead() throws {
        let project = try Self.project()
        let checkout = try project.mlx("checkout", "--with-deps", "train")
        #expect(checkout.status == 0, "\(checkout.stderr)")
        #expect(Set(checkout.stdout.split(separator: "\n")) == ["restored model.txt (1 file)", "restored prepared.txt (1 file)", "restored input.txt (1 file)"])
        #expect(project.text("input.txt") == "one\n")
    }

    @Test func withDepsOnAnOutputRestoresItAndWhatItsStageReadsButNotTheStagesOtherOutputs() throws {
        let project = try Self.project()
        #expect(try project.mlx("checkout", "-d", "prepared.txt").stdout == "restored prepared.txt (1 file)\nrestored input.txt (1 file)\n")
        #expect(project.text("model.txt") == nil)
    }

    @Test func mlxYamlRestoresEveryStageOutputButNoPointerData() throws {
        let project = try Self.project()
        #expect(try project.mlx("checkout", "mlx.yaml").stdout == "restored prepared.txt (1 file)\nrestored model.txt (1 file)\n")
        #expect(project.text("input.txt") == nil)
    }

    @Test func recursiveFolderTargetsRestoreEveryPointerBelowThem() throws {
        let project = try PipelineProject(["data/a/x.txt": "x\n", "data/b/y.txt": "y\n", "other.txt": "o\n"])
        #expect(try project.mlx("add", "-q", "data/a/x.txt", "data/b/y.txt", "other.txt").status == 0)
        for path in ["data/a/x.txt", "data/b/y.txt", "other.txt"] { try FileManager.default.removeItem(atPath: project.path + "/" + path) }
        #expect(try project.mlx("checkout", "-R", "data").stdout == "restored data/a/x.txt (1 file)\nrestored data/b/y.txt (1 file)\n")
        #expect(project.text("other.txt") == nil)
    }

    @Test func anUnknownStageIsAnErrorAndNothingIsRestored() throws {
        let project = try Self.project()
        let checkout = try project.mlx("checkout", "train", "mlx.yaml:nope")
        #expect(checkout.status == 1)
        #expect(checkout.stderr == "mlx: error: mlx.yaml: no stage named 'nope'\nhint: 'mlx stage list' shows the stages\n")
        #expect(project.text("model.txt") == nil)
    }
}
