import Testing
@testable import MLXCore

@Suite struct ImportSourceTests {
    private let base = "outs:\n- path: model.bin\n  hash: blake3\n  oid: \(String(repeating: "a", count: 64))\n  size: 3\n"

    @Test func aRepositorySourceIsWrittenAsDVCWritesImportsAndReadBack() throws {
        var pointer = try PointerCodec.decode(base, file: "model.bin.mlx")
        let source = ImportSource.repository(.init(path: "models/model.bin", url: "https://example.com/r.git", rev: "v1",
                                                   revLock: String(repeating: "f", count: 40)))
        pointer.importSource = source
        let text = PointerCodec.encode(pointer)
        #expect(text == base + """
            deps:
            - path: models/model.bin
              repo:
                url: https://example.com/r.git
                rev: v1
                rev_lock: \(String(repeating: "f", count: 40))

            """)
        #expect(try PointerCodec.decode(text, file: "model.bin.mlx").importSource == source)
    }

    @Test func aLocationSourceKeepsOtherUnknownKeysAndCanBeRemoved() throws {
        var pointer = try PointerCodec.decode(base + "owner: me\n", file: "t.mlx")
        pointer.importSource = .location(.init(path: "/mnt/t.csv", oid: String(repeating: "b", count: 64), size: 12))
        let decoded = try PointerCodec.decode(PointerCodec.encode(pointer), file: "t.mlx")
        #expect(decoded.importSource == .location(.init(path: "/mnt/t.csv", oid: String(repeating: "b", count: 64), size: 12)))
        pointer.importSource = nil
        #expect(PointerCodec.encode(pointer) == base + "owner: me\n")
    }
}
