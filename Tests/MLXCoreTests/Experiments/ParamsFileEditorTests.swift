import MLXCore
import MLXTestSupport
import Testing

@Suite struct ParamsFileEditorTests {
    private func override(_ argument: String) throws -> [ParamOverride] {
        try #require(ParamSweep(arguments: [argument]).combinations.first)
    }

    @Test func aYAMLValueIsReplacedInPlaceKeepingCommentsAndOrder() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", """
            # training settings
            train:
              lr: 0.1  # learning rate
              name: 'base'
              layers: [8, 16]
            seed: 1

            """)

        let changed = try ParamsFileEditor.apply(
            try override("train.lr=0.02") + override("train.name=tuned it") + override("train.layers.1=32"),
            projectRoot: project.path, candidates: ["params.yaml"])

        #expect(changed == ["params.yaml"])
        #expect(try project.read("params.yaml") == """
            # training settings
            train:
              lr: 0.02  # learning rate
              name: tuned it
              layers: [8, 32]
            seed: 1

            """)
    }

    @Test func aYAMLBlockValueMakesTheFileBeWrittenAgain() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "layers:\n- 1\n- 2\nlr: 0.1\n")

        try ParamsFileEditor.apply(try override("layers=[4]"), projectRoot: project.path, candidates: [])

        #expect(try ParamsFile.read("params.yaml", projectRoot: project.path)
            == .dictionary([.init(key: "layers", value: .list([.integer(4)])), .init(key: "lr", value: .float(0.1))]))
    }

    @Test func aJSONValueIsReplacedInPlace() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("conf.json", "{\n  \"z\": {\"lr\": 0.1, \"tag\": \"a\\\"b\"},\n  \"a\": [1, {\"k\": 2}]\n}\n")

        try ParamsFileEditor.apply(try override("conf.json:z.lr=0.5") + override("conf.json:a.1.k=x"),
                                   projectRoot: project.path, candidates: ["conf.json"])

        #expect(try project.read("conf.json") == "{\n  \"z\": {\"lr\": 0.5, \"tag\": \"a\\\"b\"},\n  \"a\": [1, {\"k\": \"x\"}]\n}\n")
    }

    @Test func aTOMLValueIsWrittenWithTheRestOfTheFile() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("p.toml", "seed = 1\n[train]\nlr = 0.1\nopt = \"adam\"\n")

        try ParamsFileEditor.apply(try override("train.lr=0.3"), projectRoot: project.path, candidates: ["p.toml"])

        let values = try ParamsFile.read("p.toml", projectRoot: project.path)
        #expect(values.lookup("train.lr") == .float(0.3))
        #expect(values.lookup("train.opt") == .string("adam"))
        #expect(values.lookup("seed") == .integer(1))
    }

    @Test func aKeyWithoutAFileGoesToTheFirstParamsFileThatHasIt() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "lr: 0.1\n")
        try project.write("other.yaml", "epochs: 3\n")

        let changed = try ParamsFileEditor.apply(try override("epochs=5") + override("lr=0.2"),
                                                 projectRoot: project.path, candidates: ["other.yaml", "params.yaml"])

        #expect(changed == ["other.yaml", "params.yaml"])
        #expect(try project.read("other.yaml") == "epochs: 5\n")
    }

    @Test func anUnknownKeyNamesTheKeyAndTheFilesLookedAtAndChangesNothing() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "lr: 0.1\n")
        try project.write("other.json", "{\"a\": 1}\n")

        let error = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("lr=0.5") + override("train.lrr=1"),
                                       projectRoot: project.path, candidates: ["other.json", "params.yaml"])
        }

        #expect(error.message == "-S train.lrr=1: no params file has the key 'train.lrr' (looked in params.yaml, other.json)")
        #expect(try project.read("params.yaml") == "lr: 0.1\n")
    }

    @Test func aMissingNamedFileIsRefused() throws {
        let project = TemporaryDirectory("mlx-params")
        let error = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("nope.yaml:lr=1"), projectRoot: project.path, candidates: [])
        }
        #expect(error.message == "-S nope.yaml:lr=1: params file nope.yaml does not exist")
    }

    // DVC's Hydra prefixes: +KEY adds, ++KEY adds or sets, ~KEY removes.

    @Test func plusAddsANewTopLevelYAMLKeyKeepingTheFileAndNestedOnesCreateTheirMappings() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "# settings\nlr: 0.1  # learning rate\n")

        try ParamsFileEditor.apply(try override("+seed=7"), projectRoot: project.path, candidates: [])
        #expect(try project.read("params.yaml") == "# settings\nlr: 0.1  # learning rate\nseed: 7\n")

        try ParamsFileEditor.apply(try override("+model.head.units=32"), projectRoot: project.path, candidates: [])
        #expect(try ParamsFile.read("params.yaml", projectRoot: project.path).lookup("model.head.units") == .integer(32))
        #expect(try ParamsFile.read("params.yaml", projectRoot: project.path).lookup("lr") == .float(0.1))
    }

    @Test func plusOnAKeyThatExistsIsRefusedNamingTheFileAndTheWayToChangeIt() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "lr: 0.1\n")
        let error = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("+lr=0.5"), projectRoot: project.path, candidates: [])
        }
        #expect(error.message == "-S +lr=0.5: params file params.yaml already has the key 'lr'")
        #expect(error.hint?.contains("++lr=VALUE") == true)
        #expect(try project.read("params.yaml") == "lr: 0.1\n")
    }

    @Test func doublePlusSetsWhereTheKeyIsAndAddsToParamsYAMLOtherwise() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "lr: 0.1\n")
        try project.write("train.json", "{\"epochs\": 3}\n")

        try ParamsFileEditor.apply(try override("++epochs=5") + override("++dropout=0.2"),
                                   projectRoot: project.path, candidates: ["train.json"])

        #expect(try project.read("train.json") == "{\"epochs\": 5}\n")
        #expect(try project.read("params.yaml") == "lr: 0.1\ndropout: 0.2\n")
    }

    @Test func tildeRemovesAKeyFromJSONAndTOMLAndChecksAGivenValue() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("p.json", "{\"a\": 1, \"b\": {\"c\": [1, 2]}}\n")
        try project.write("p.toml", "seed = 1\nlr = 0.1\n")

        try ParamsFileEditor.apply(try override("p.json:~a") + override("p.json:~b.c.0") + override("p.toml:~seed=1"),
                                   projectRoot: project.path, candidates: [])

        #expect(try project.read("p.json") == "{\n  \"b\": {\n    \"c\": [\n      2\n    ]\n  }\n}\n")
        #expect(try ParamsFile.read("p.toml", projectRoot: project.path) == .dictionary([.init(key: "lr", value: .float(0.1))]))

        let error = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("p.toml:~lr=0.5"), projectRoot: project.path, candidates: [])
        }
        #expect(error.message == "-S p.toml:~lr=0.5: params file p.toml holds 0.1 at 'lr', not 0.5")
    }

    @Test func aPlainOverrideOfAMissingKeyPointsToPlus() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("params.yaml", "lr: 0.1\n")
        let error = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("seed=1"), projectRoot: project.path, candidates: [])
        }
        #expect(error.hint?.contains("-S +seed=VALUE") == true)
        let removal = try #require(throws: ExperimentError.self) {
            try ParamsFileEditor.apply(try override("~seed"), projectRoot: project.path, candidates: [])
        }
        #expect(removal.message == "-S ~seed: no params file has the key 'seed' (looked in params.yaml)")
    }

    @Test func removingFromAFileWhoseTopIsAListIsRefusedWithItsPlaceAndChangesNothing() throws {
        let project = TemporaryDirectory("mlx-params")
        try project.write("list.yaml", "- 1\n- 2\n")
        let error = #expect(throws: (any Error).self) {
            try ParamsFileEditor.apply(try override("list.yaml:~0"), projectRoot: project.path, candidates: [])
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("list.yaml:1:1: the top level must be a mapping"))
        #expect(try project.read("list.yaml") == "- 1\n- 2\n")
    }
}
