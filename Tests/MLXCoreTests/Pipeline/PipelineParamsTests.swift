@testable import MLXCore
import Testing

@Suite struct PipelineParamsTests {
    @Test func yamlJSONAndTOMLReadToTheSameValues() throws {
        let yaml = try ParamsFile.parse("train:\n  lr: 0.1\n  epochs: 3\n  name: cnn\n  tags: [a, b]\n  on: true\n", file: "p.yaml")
        let json = try ParamsFile.parse(#"{"train": {"tags": ["a", "b"], "lr": 0.1, "epochs": 3, "name": "cnn", "on": true}}"#, file: "p.json")
        let toml = try ParamsFile.parse("[train]\nlr = 0.1\nepochs = 3\nname = \"cnn\"\ntags = [\"a\", \"b\"]\non = true\n", file: "p.toml")
        #expect(yaml == json)
        #expect(json == toml)
        #expect(yaml.lookup("train.lr") == .float(0.1))
        #expect(yaml.lookup("train.epochs") == .integer(3))
        #expect(yaml.lookup("train.tags.1") == .string("b"))
        #expect(yaml.lookup("train.missing") == nil)
    }

    @Test func keepsIntegersAndFloatsApartAndSpellsFloatsSoYAMLReadsThemBack() throws {
        #expect(try ParamsFile.parse("a: 1\nb: 1.0\nc: 1e-05\nd: -7\ne: '3'\n", file: "p.yaml") == .dict([
            .init(key: "a", value: .integer(1)), .init(key: "b", value: .float(1)), .init(key: "c", value: .float(1e-05)),
            .init(key: "d", value: .integer(-7)), .init(key: "e", value: .string("3")),
        ]))
        #expect(ParamValue.format(0.1) == "0.1")
        #expect(ParamValue.format(1e-05) == "1e-05")
        #expect(ParamValue.format(3) == "3.0")
        #expect(ParamValue.dictionary([.init(key: "b", value: .float(0.5)), .init(key: "a", value: .list([.null, .bool(false)]))])
                .canonicalJSON == #"{"a":[null,false],"b":0.5}"#)
    }

    @Test func errorsAreLocated() {
        func message(_ text: String, _ file: String) -> String? {
            do { _ = try ParamsFile.parse(text, file: file); return nil } catch { return error.description }
        }
        #expect(message("{\"a\": 01}", "p.json") == "p.json:1:7: malformed JSON: numbers must not have leading zeros")
        #expect(message("{\"a\": 1, \"a\": 2}", "p.json") == "p.json:1:10: malformed JSON: duplicate key `a`")
        #expect(message("[1, 2]", "p.json") == "p.json:1:1: the top level must be a mapping of names to values")
        #expect(message("a = 1\nb = \n", "p.toml")?.hasPrefix("p.toml:2:") == true)
        #expect(message("a: [1\n", "p.yaml")?.hasPrefix("p.yaml:2:1: malformed YAML") == true)
        #expect(message("a: 1", "p.ini") == "p.ini: unsupported file type: mlx reads YAML, JSON and TOML")
    }

    @Test func jsonStringsDecodeEveryEscapeAndRefuseLoneSurrogates() throws {
        let text = #"{"a": "x\u00e9\ud83d\ude00\n\"\/", "b": "plain é"}"#
        #expect(try ParamsFile.parse(text, file: "p.json") == .dict([
            .init(key: "a", value: .string("xé😀\n\"/")), .init(key: "b", value: .string("plain é")),
        ]))
        func message(_ text: String) -> String {
            do { _ = try ParamsFile.parse(text, file: "p.json"); return "" } catch { return error.description }
        }
        #expect(message(#"{"a": "\ud83d"}"#) == "p.json:1:14: malformed JSON: lone UTF-16 surrogate in a string")
        #expect(message(#"{"a": "\ude00"}"#) == "p.json:1:14: malformed JSON: lone UTF-16 surrogate in a string")
        #expect(message(#"{"a": "\u+041"}"#) == #"p.json:1:10: malformed JSON: bad `\u` escape"#)
        #expect(message("{\"a\": \"tab\there\"}") == "p.json:1:11: malformed JSON: control character in a string")
        #expect(message(#"{"a": "open"#) == "p.json:1:12: malformed JSON: unterminated string")
    }

    @Test func diffFlattensToLeaves() {
        let old = ParamValue.dictionary([.init(key: "train", value: .dictionary([
            .init(key: "lr", value: .float(0.1)), .init(key: "epochs", value: .integer(3)),
        ]))])
        let new = ParamValue.dictionary([.init(key: "train", value: .dictionary([
            .init(key: "lr", value: .float(0.2)), .init(key: "epochs", value: .integer(3)), .init(key: "seed", value: .integer(1)),
        ]))])
        let changes = ValueDiff.compare(file: "params.yaml", old: old, new: new)
        #expect(changes.map(\.key) == ["train.lr", "train.seed"])
        #expect(changes[0].change.map { abs($0 - 0.1) < 1e-12 } == true)
        #expect(changes[1].old == nil)
        #expect(ValueDiff.compare(file: "p", old: old, new: new, all: true).count == 3)
    }

    @Test func oneAndOnePointZeroAreTheSameParamAtAnyDepth() {
        let old = ParamValue.dictionary([.init(key: "lr", value: .integer(1)), .init(key: "sizes", value: .list([.integer(2), .float(0.5)]))])
        let new = ParamValue.dictionary([.init(key: "lr", value: .float(1)), .init(key: "sizes", value: .list([.float(2), .float(0.5)]))])
        #expect(old != new)
        #expect(old.isEquivalent(to: new))
        #expect(ValueDiff.compare(file: "params.yaml", old: old, new: new).isEmpty)
        #expect(!ParamValue.integer(1).isEquivalent(to: .float(1.5)))
        #expect(!ParamValue.integer(1).isEquivalent(to: .string("1")))
        #expect(!ParamValue.list([.integer(1)]).isEquivalent(to: .list([.integer(1), .integer(1)])))
    }
}
