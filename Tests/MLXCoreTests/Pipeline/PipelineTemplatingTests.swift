import Foundation
@testable import MLXCore
import MLXTestSupport
import Testing

/// The parts of DVC's templating beyond plain `${a.b}`: brackets, dictionary unpacking in
/// `cmd`, `file:keys` imports, a stage's own `vars`, params inside `matrix`.
@Suite struct PipelineTemplatingTests {
    private func decode(_ text: String, files: [String: String] = [:]) throws -> Pipeline {
        let directory = TemporaryDirectory()
        for (path, content) in files { _ = try directory.write(path, content) }
        return try Pipeline.decode(text, projectRoot: directory.path)
    }

    private func message(_ text: String, files: [String: String] = [:]) -> String? {
        do { _ = try decode(text, files: files); return nil } catch { return "\(error)" }
    }

    @Test func bracketsIndexListsAndMappings() throws {
        let pipeline = try decode("""
            stages:
              train:
                foreach:
                  - {name: cnn, sizes: [3, 5]}
                do:
                  cmd: run ${item[name]} ${item['sizes'][1]} ${item.sizes[0]} ${layers[1]}
            """, files: ["params.yaml": "layers: [8, 16]\n"])
        #expect(pipeline.stages[0].commands == ["run cnn 5 3 16"])
    }

    @Test func quotesAreDroppedOnlyInsideBrackets() {
        #expect(TemplateContext.dotted("item['model']") == "item.model")
        #expect(TemplateContext.dotted("item[\"model\"]") == "item.model")
        // A quote outside brackets is part of the name (and then an unknown key), not dropped.
        #expect(TemplateContext.dotted("it's[0]") == "it's.0")
    }

    @Test func aMappingInCmdUnpacksIntoOptionsAsDVCDoes() throws {
        let pipeline = try decode("""
            stages:
              train:
                cmd: python train.py ${train}
              solo:
                cmd: ${train.optimizer}
            """, files: ["params.yaml": """
                train:
                  lr: 0.1
                  name: it's big
                  fast: true
                  slow: false
                  nothing: null
                  sizes: [1, two]
                  optimizer: {kind: sgd, momentum: 0.9}

                """])
        #expect(pipeline.stages[0].commands == [
            "python train.py --fast --lr 0.1 --name 'it'\\''s big' --optimizer.kind 'sgd' --optimizer.momentum 0.9 --sizes 1 'two'",
        ])
        #expect(pipeline.stages[1].commands == ["--kind 'sgd' --momentum 0.9"])
        // Outside cmd a mapping still cannot be part of a string.
        #expect(message("stages:\n  s:\n    cmd: run\n    desc: about ${train}\n", files: ["params.yaml": "train: {lr: 1}\n"])?
            .contains("`${train}` is a mapping and cannot be part of a string") == true)
        #expect(message("stages:\n  s:\n    cmd: run ${t}\n", files: ["params.yaml": "t: {grid: [[1, 2]]}\n"])?
            .contains("`grid` is a list of lists or mappings") == true)
        #expect(message("stages:\n  s:\n    cmd: run ${t}\n", files: ["params.yaml": "t: {\"x;rm -rf ~\": 1}\n"])?
            .contains("key `x;rm -rf ~` cannot be a command option") == true)
    }

    @Test func varsFilesMayNameTheKeysToTake() throws {
        let files = ["config.json": #"{"clean": {"dir": "c"}, "feats": {"n": 3}, "other": {"x": 1}}"#]
        let pipeline = try decode("""
            vars:
              - config.json:clean,feats
            stages:
              s:
                cmd: run ${clean.dir} ${feats.n}
            """, files: files)
        #expect(pipeline.stages[0].commands == ["run c 3"])
        #expect(pipeline.varsFiles == ["config.json"])
        #expect(message("vars:\n  - config.json:clean\nstages:\n  s:\n    cmd: run ${other.x}\n", files: files)?.contains("unknown name `other.x`") == true)
        #expect(message("vars:\n  - config.json:nope\nstages:\n  s:\n    cmd: run\n", files: files)?
            .contains("vars file `config.json` has no key `nope`") == true)
    }

    @Test func aStageHasItsOwnVarsFoundFromItsWdir() throws {
        let pipeline = try decode("""
            vars:
              - shared: {seed: 7}
            stages:
              build:
                wdir: sub
                vars:
                  - local.yaml:build
                  - model: {file: m.bin}
                cmd: train ${build.epochs} --seed ${shared.seed} --out ${model.file}
                outs:
                  - ${model.file}
              other:
                cmd: echo ${shared.seed}
            """, files: ["sub/local.yaml": "build: {epochs: 4}\n"])
        #expect(pipeline.stages[0].commands == ["train 4 --seed 7 --out m.bin"])
        #expect(pipeline.stages[0].outputs.map(\.path) == ["sub/m.bin"])
        #expect(message("stages:\n  a:\n    vars: [{x: 1}]\n    cmd: echo ${x}\n  b:\n    cmd: echo ${x}\n")?.contains("unknown name `x`") == true)
        #expect(message("stages:\n  a:\n    vars: [{x: 1}]\n    foreach: [1]\n    do:\n      cmd: echo\n")?
            .contains("a stage's own `vars` cannot be used with `foreach` or `matrix`") == true)
        #expect(message("vars: [{x: 1}]\nstages:\n  a:\n    vars: [{x: 2}]\n    cmd: echo ${x}\n")?
            .contains("`x` is defined in both `vars` and `vars`") == true)
    }

    @Test func matrixStagesReadParams() throws {
        let pipeline = try decode("""
            stages:
              train:
                matrix:
                  model: ${models}
                cmd: train ${item.model} --lr ${lr}
            """, files: ["params.yaml": "models: [cnn, rnn]\nlr: 0.5\n"])
        #expect(pipeline.stages.map(\.name) == ["train@cnn", "train@rnn"])
        #expect(pipeline.stages.map(\.commands) == [["train cnn --lr 0.5"], ["train rnn --lr 0.5"]])
    }
}
