import MLXHash
import Testing
@testable import MLXCore

/// Which manifest entries a path inside a tracked directory selects for `mlx checkout`.
@Suite struct CheckoutPartTests {
    static let files: [(relpath: String, oid: Digest, isexec: Bool)] = [
        ("a.txt", Digest(bytes: Array(repeating: 1, count: 32)), false),
        ("sub/b.txt", Digest(bytes: Array(repeating: 2, count: 32)), true),
        ("sub/c.txt", Digest(bytes: Array(repeating: 3, count: 32)), false),
        ("subway.txt", Digest(bytes: Array(repeating: 4, count: 32)), false),
    ]
    static let tracked = TrackedOutput(pointerPath: "d.mlx", outputIndex: 0, dataPath: "d",
                                       output: PointerOutput(path: "d", oid: ObjectID(files[0].oid, isDirectory: true).string, size: 4))

    @Test func aFileIsOneEntryWithAnEmptyRelpathKeepingItsExecBit() throws {
        let part = try CheckoutOperation.part(of: Self.files, within: "sub/b.txt", in: Self.tracked)
        #expect(!part.isDirectory)
        #expect(part.files.map(\.relpath) == [""])
        #expect(part.files[0].oid == Self.files[1].oid && part.files[0].isexec)
    }

    @Test func aFolderIsItsEntriesRelativeToItAndNotItsNamesakes() throws {
        let part = try CheckoutOperation.part(of: Self.files, within: "sub", in: Self.tracked)
        #expect(part.isDirectory)
        #expect(part.files.map(\.relpath) == ["b.txt", "c.txt"])
    }

    @Test func aPathTheManifestDoesNotListNamesThePointer() {
        #expect(throws: TrackingError.self) { try CheckoutOperation.part(of: Self.files, within: "su", in: Self.tracked) }
        let error = #expect(throws: TrackingError.self) { try CheckoutOperation.part(of: Self.files, within: "sub/z", in: Self.tracked) }
        #expect(error.map { "\($0)" }?.contains("d/sub/z: is not in d as d.mlx records it") == true)
    }
}
