import Foundation
@testable import MLXCore
import MLXTestSupport
import Testing

@Suite struct PipelineDecoderTests {
    private func decode(_ text: String, files: [String: String] = [:]) throws -> Pipeline {
        let directory = TemporaryDirectory()
        for (path, content) in files { try directory.write(path, content) }
        return try Pipeline.decode(text, projectRoot: directory.path)
    }

    private func error(_ text: String, files: [String: String] = [:]) -> PipelineError? {
        do {
            _ = try decode(text, files: files)
            return nil
        } catch let error as PipelineError {
            return error
        } catch {
            return nil
        }
    }

    @Test func templatesFromParamsYamlAndVarsIntoEveryString() throws {
        let pipeline = try decode("""
            vars:
              - config.json
              - out: models
            stages:
              train:
                cmd: python train.py --lr ${train.lr} --layers ${layers.1} --name ${name} \\${literal}
                deps:
                  - data/${name}.csv
                outs: ['${out}/${name}.pkl']
                frozen: ${freeze}

            """, files: ["params.yaml": "train:\n  lr: 0.001\nfreeze: true\n", "config.json": "{\"name\": \"cnn\", \"layers\": [8, 16]}"])
        let stage = try #require(pipeline.stage(named: "train"))
        #expect(stage.commands == ["python train.py --lr 0.001 --layers 16 --name cnn ${literal}"])
        #expect(stage.deps == ["data/cnn.csv"])
        #expect(stage.outputs.map(\.path) == ["models/cnn.pkl"])
        #expect(stage.frozen)
    }

    @Test func foreachOverListsAndMappingsNamesStagesLikeDVC() throws {
        let pipeline = try decode("""
            stages:
              build:
                foreach: [us, uk]
                do:
                  cmd: make ${item}
              fit:
                foreach:
                  - {model: cnn, lr: 0.1}
                  - {model: xgb, lr: 0.2}
                do:
                  cmd: fit ${item.model} ${item.lr}
              sized:
                foreach:
                  small: 1
                  large: 9
                do:
                  cmd: gen ${key} ${item}

            """)
        #expect(pipeline.stages.map(\.name) == ["build@us", "build@uk", "fit@0", "fit@1", "sized@large", "sized@small"])
        #expect(pipeline.stage(named: "fit@1")?.commands == ["fit xgb 0.2"])
        #expect(pipeline.stage(named: "sized@small")?.commands == ["gen small 1"])
        #expect(pipeline.stage(named: "build@uk")?.groupName == "build")
    }

    @Test func matrixExpandsTheCartesianProductInWrittenOrder() throws {
        let pipeline = try decode("""
            stages:
              train:
                matrix:
                  model: [cnn, xgb]
                  lr: [0.1, 0.01]
                  opts: [{a: 1}]
                cmd: train ${item.model} ${item.lr} ${item.opts.a}

            """)
        #expect(pipeline.stages.map(\.name) == ["train@cnn-0.1-opts0", "train@cnn-0.01-opts0", "train@xgb-0.1-opts0", "train@xgb-0.01-opts0"])
        #expect(pipeline.stages[3].commands == ["train xgb 0.01 1"])
    }

    @Test func pathsAreJoinedWithWdirAndParamsDefaultToTheStageFolder() throws {
        let pipeline = try decode("""
            stages:
              s:
                wdir: src
                cmd: [a, b]
                deps: [../data/raw.csv, ./util.py]
                params:
                  - lr
                  - ../conf.toml: [model.depth]
                  - all.json:
                outs:
                  - ../out/
                metrics:
                  - m.json: {cache: false}
                plots:
                  - p.csv: {persist: true, desc: curve}

            """)
        let stage = try #require(pipeline.stages.first)
        #expect(stage.wdir == "src")
        #expect(stage.commandIsList && stage.commands == ["a", "b"])
        #expect(stage.deps == ["data/raw.csv", "src/util.py"])
        #expect(stage.params == [
            ParamsDependency(file: "src/params.yaml", keys: ["lr"]),
            ParamsDependency(file: "conf.toml", keys: ["model.depth"]),
            ParamsDependency(file: "src/all.json", keys: nil),
        ])
        #expect(stage.outputs == [
            StageOutput(path: "out", kind: .out, cache: true, persist: false),
            StageOutput(path: "src/m.json", kind: .metric, cache: false, persist: false),
            StageOutput(path: "src/p.csv", kind: .plot, cache: true, persist: true, desc: "curve"),
        ])
    }

    @Test func errorsNameLineAndColumn() {
        #expect(error("stages:\n  a:\n    cmd: x\n    wdir: ../up\n")?.description == "mlx.yaml:4:11: path `../up` escapes the project through `..`")
        #expect(error("stages:\n  a:\n    cmd: run ${nope}\n")?.description == "mlx.yaml:3:14: unknown name `nope` in `${nope}`")
        #expect(error("stages:\n  a:\n    cmd: 'run ${nope}'\n")?.description == "mlx.yaml:3:15: unknown name `nope` in `${nope}`")
        #expect(error("stages:\n  a:\n    cmd: x\n    outs: [.mlx/cache]\n")?.description == "mlx.yaml:4:12: path `.mlx/cache` is inside `.mlx`, which mlx never tracks or writes")
        #expect(error("stages:\n  a:\n    foreach: 3\n    do: {cmd: x}\n")?.description == "mlx.yaml:3:14: `foreach` must be a list or a mapping, not a number")
        #expect(error("stages:\n  a:\n    cmd: x\n    params: [{p.txt: [a]}]\n")?.description == "mlx.yaml:4:15: params file `p.txt` is not YAML, JSON or TOML")
        #expect(error("vars: [missing.yaml]\nstages: {}\n")?.description == "mlx.yaml:1:8: vars file `missing.yaml` does not exist")
        #expect(error("vars:\n  - {a: 1}\n  - {a: 2}\nstages: {}\n")?.description == "mlx.yaml:3:5: `a` is defined in both `vars` and `vars`")
        #expect(error("") == PipelineError(file: "mlx.yaml", line: 1, column: 1, message: "mlx.yaml is empty", hint: "declare stages under `stages:`"))
    }
}
