import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

private let oid = "488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8"

private func fixture(_ name: String) throws -> String {
    try String(contentsOfFile: PackageRoot.fixture("pointers/" + name), encoding: .utf8)
}

@Suite struct PointerCodecTests {
    @Test func specExampleIsCanonical() throws {
        let pointer = Pointer(outs: [PointerOutput(path: "train.csv", oid: oid, size: 1_048_576)])
        let text = PointerCodec.encode(pointer)
        #expect(text == "outs:\n- path: train.csv\n  hash: blake3\n  oid: \(oid)\n  size: 1048576\n")
        #expect(try PointerCodec.decode(text, file: "train.csv.mlx") == pointer)
    }

    @Test(arguments: ["file", "directory", "annotated", "tricky-names"])
    func goodFixturesRoundTripByteForByte(name: String) throws {
        let text = try fixture("good/\(name).mlx")
        let pointer = try PointerCodec.decode(text, file: "\(name).mlx")
        #expect(PointerCodec.encode(pointer) == text)
        #expect(try PointerCodec.decode(PointerCodec.encode(pointer), file: "x") == pointer)
    }

    @Test func annotationsAndUnknownKeysAreKept() throws {
        let pointer = try PointerCodec.decode(try fixture("good/annotated.mlx"), file: "a.mlx")
        let output = try #require(pointer.outs.first)
        #expect(output.path == "models/resnet 50.pt")
        #expect(output.isexec == true)
        #expect(output.desc == "ResNet-50: fine-tuned # on our data")
        #expect(output.type == "model")
        #expect(output.labels == ["vision", "yes", "2024", "café"])
        #expect(output.unknownKeys.map(\.key) == [.string("remote"), .string("x-custom")])
        #expect(pointer.unknownKeys == [YAMLValue.Entry("schema", .literal("2"))])
        guard case let .mapping(meta)? = output.meta else { Issue.record("meta is not a mapping"); return }
        #expect(meta.first == YAMLValue.Entry("epochs", .literal("10")))
        #expect(meta.contains(YAMLValue.Entry("notes", .string("line one\nline two"))))
    }

    @Test func trickyNamesSurviveAnEncodeDecodeCycle() throws {
        let names = ["with space.csv", "a: b", "a:b", "-dash", "- dash", "?q", ":colon", "#hash", "a #b", "a#b",
                     "yes", "No", "on", "null", "~", "123", "0x1F", "1.5", "1e3", ".5", "2024-01-31", "true",
                     "café/naïve 日本語.txt", "emoji 🎉", "quote'single", "quote\"double", "back\\slash",
                     "tab\tin", "new\nline", "trailing ", "comma,[x]{y}", "...", "---", "%percent", "@at",
                     "`tick", "!bang", "&amp", "*star", "|pipe", ">gt", "line\u{2028}sep", "bom\u{FEFF}",
                     "bell\u{07}", "del\u{7F}", "c1\u{85}", "=", "<<"]
        let outputs = names.enumerated().map { index, name in
            PointerOutput(path: "dir/" + name, oid: oid, size: Int64(index), desc: name, labels: [name],
                          unknownKeys: [.init(name, .string(name))])
        }
        let pointer = Pointer(outs: outputs, unknownKeys: [.init(key: .literal("42"), value: .literal("0.5"))])
        let text = PointerCodec.encode(pointer)
        #expect(!text.contains(" \n"))
        #expect(try PointerCodec.decode(text, file: "t.mlx") == pointer)
        for name in names where !name.contains("\n") {
            let single = PointerCodec.encode(Pointer(outs: [PointerOutput(path: name, oid: oid, size: 1)]))
            #expect(try PointerCodec.decode(single, file: "t.mlx").outs[0].path == name, "\(name)")
        }
    }

    @Test func nonCanonicalTextIsRewrittenCanonically() throws {
        let pointer = try PointerCodec.decode(try fixture("noncanonical/reordered.mlx"), file: "r.mlx")
        #expect(PointerCodec.encode(pointer) == (try fixture("noncanonical/reordered.canonical")))
    }

    @Test(arguments: [
        ("malformed", "4:2: malformed YAML: did not find expected key (while parsing a block mapping)"),
        ("missing-outs", "1:1: pointer has no `outs` list"),
        ("outs-not-list", "1:7: `outs` must be a list of outputs"),
        ("outs-empty", "1:7: `outs` must list at least one output"),
        ("uppercase-oid", "4:8: oid must be 64 lower-case hex characters"),
        ("oid-suffix", "4:8: oid must be 64 lower-case hex characters"),
        ("negative-size", "5:9: size must be a non-negative integer"),
        ("fractional-size", "5:9: size must be a non-negative integer"),
        ("quoted-size", "5:9: size must be a non-negative integer"),
        ("path-escape", "2:9: path escapes its folder through `..`: `../../etc/passwd`"),
        ("absolute-path", "2:9: path must be relative, not absolute: `/etc/passwd`"),
        ("empty-segment", "2:9: path has an empty segment: `data//x.csv`"),
        ("missing-oid", "2:3: output is missing `oid`"),
        ("wrong-hash", "3:9: unsupported hash `md5`; mlx uses blake3"),
        ("duplicate-key", "5:3: duplicate key `size`"),
        ("nfiles-on-file", "6:11: `nfiles` is only valid for a directory (an oid ending in `.dir`)"),
        ("isexec-not-bool", "6:11: isexec must be true or false"),
        ("custom-tag", "6:9: unsupported YAML tag `!model`"),
        ("desc-not-string", "6:9: desc must be a string"),
        ("not-mapping", "1:1: pointer must be a mapping with an `outs` list"),
        ("output-not-mapping", "2:3: each output must be a mapping with `path`, `hash`, `oid` and `size`"),
        ("empty", "1:1: pointer file is empty"),
        ("unterminated-quote", "3:1: malformed YAML: found unexpected end of stream (while scanning a quoted scalar)"),
    ])
    func badFixturesAreLocated(name: String, expected: String) throws {
        let text = try fixture("bad/\(name).mlx")
        let error = #expect(throws: PointerError.self) { try PointerCodec.decode(text, file: "\(name).mlx") }
        #expect(error?.description == "\(name).mlx:\(expected)")
    }

    @Test func everyBadFixtureIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PackageRoot.fixture("pointers/bad"))
        #expect(names.count == 23)
    }

    @Test func oversizedPointerIsRefusedBeforeParsing() throws {
        let text = "outs:\n" + String(repeating: "#", count: PointerCodec.maximumSize)
        let error = #expect(throws: PointerError.self) { try PointerCodec.decode(text, file: "big.mlx") }
        #expect(error?.description == "big.mlx: pointer file is larger than 64 KiB")

        let directory = TemporaryDirectory()
        let path = try directory.write("big.mlx", text)
        let readError = #expect(throws: PointerError.self) { try PointerCodec.read(from: path, displayPath: "big.mlx") }
        #expect(readError?.message == "pointer file is larger than 64 KiB")
    }

    @Test func aliasExpansionIsBounded() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "outs: []\n"
        let error = #expect(throws: PointerError.self) { try PointerCodec.decode(text, file: "bomb.mlx") }
        #expect(error?.message == "pointer file has too many YAML nodes")
    }

    @Test func readsFromDiskAndNamesTheFile() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("data/train.csv.mlx", try fixture("good/file.mlx"))
        #expect(try PointerCodec.read(from: path).outs[0].size == 1_048_576)
        let missing = #expect(throws: PointerError.self) { try PointerCodec.read(from: directory.file("nope.mlx"), displayPath: "nope.mlx") }
        #expect(missing?.description == "nope.mlx: open failed: no such file or directory")
    }
}
