import Foundation
import MLXTestSupport
import Testing
import MLXHash
@testable import MLXCore

private let a = Digest(hex: String(repeating: "a", count: 64))!
private let b = Digest(hex: String(repeating: "b", count: 64))!
private let manifestID = ObjectID(Digest(hex: String(repeating: "c", count: 64))!, isDirectory: true)

private func text(_ manifest: Manifest) -> String { String(decoding: manifest.encoded(), as: UTF8.self) }

@Suite struct ManifestTests {
    @Test func canonicalBytesOfAKnownExample() throws {
        let manifest = try Manifest(entries: [
            .init(oid: b, relpath: "train/cat.jpg", size: 123),
            .init(oid: a, relpath: "bin/run.sh", size: 0, isexec: true),
            .init(oid: a, relpath: "README", size: 7),
        ])
        let expected = #"[{"oid":"\#(a.hex)","relpath":"README","size":7},"#
            + #"{"oid":"\#(a.hex)","relpath":"bin/run.sh","size":0,"isexec":true},"#
            + #"{"oid":"\#(b.hex)","relpath":"train/cat.jpg","size":123}]"#
        #expect(text(manifest) == expected)
        #expect(manifest.count == 3)
        #expect(manifest.totalSize == 130)

        // The oid is BLAKE3 of exactly those bytes, as b3sum computes it.
        let directory = TemporaryDirectory()
        let path = try directory.write("manifest.json", expected)
        let id = manifest.objectID(using: ContentHasher.blake3())
        #expect(id == ObjectID(try B3sum.digest(of: path), isDirectory: true))
        #expect(id.string.hasSuffix(".dir"))
    }

    /// The oid of a manifest is hashed from pieces of its bytes; pieces of any size, and a hasher
    /// that joins them first, must give the oid of the whole bytes.
    @Test func oidHashedInPiecesIsTheOidOfTheWholeBytes() throws {
        let entries = (0..<3_000).map { (number: Int) -> Manifest.Entry in
            let name = "part\(number % 7)/item \(number)\"q\".bin"
            return Manifest.Entry(oid: number % 2 == 0 ? a : b, relpath: name, size: Int64(number), isexec: number % 5 == 0)
        }
        let manifest = try Manifest(entries: entries)
        let whole = manifest.encoded()
        #expect(whole.count > 3 * 64 * 1024, "several default pieces")
        for pieceSize in [1, 100, 4096, 64 * 1024] {
            var joined: [UInt8] = []
            var pieces = 0
            manifest.encode(pieceSize: pieceSize) { joined += $0; pieces += 1 }
            #expect(joined == whole)
            #expect(pieces > 1)
        }
        let streamed = manifest.objectID(using: ContentHasher.blake3())
        #expect(streamed == ObjectID(Blake3.hash(whole), isDirectory: true))
        let joining = ContentHasher(bytes: { Blake3.hash($0) }, file: { _ in throw CancellationError() },
                                    openFile: { _, _ in throw CancellationError() })
        #expect(manifest.objectID(using: joining) == streamed)
    }

    @Test func emptyDirectory() throws {
        let manifest = try Manifest(entries: [])
        #expect(text(manifest) == "[]")
        #expect(try Manifest.decode(Array("[]".utf8), oid: manifestID) == manifest)
    }

    @Test func sortsByUTF8ByteOrder() throws {
        let names = ["é", "a0", "a/b", "a.b", "Z", "a", "z", "a b", "a-b"]
        let manifest = try Manifest(entries: names.map { .init(oid: a, relpath: $0, size: 1) })
        #expect(manifest.entries.map(\.relpath) == ["Z", "a", "a b", "a-b", "a.b", "a/b", "a0", "z", "é"])
    }

    @Test func escapesPerRFC8259() throws {
        let relpath = "q\"b\\s/n\nt\tc\u{01}d\u{7F}é日"
        let manifest = try Manifest(entries: [.init(oid: a, relpath: relpath, size: 1)])
        #expect(text(manifest) == #"[{"oid":"\#(a.hex)","relpath":"q\"b\\s/n\u000at\u0009c\u0001d"# + "\u{7F}é日" + #"","size":1}]"#)
        #expect(try Manifest.decode(manifest.encoded(), oid: manifestID).entries[0].relpath == relpath)
    }

    @Test func roundTrips() throws {
        var entries: [Manifest.Entry] = []
        for number in 0..<50 {
            let oid: Digest = number % 2 == 0 ? a : b
            entries.append(Manifest.Entry(oid: oid, relpath: "d\(number % 7)/f\(number)", size: Int64(number), isexec: number % 5 == 0))
        }
        let manifest = try Manifest(entries: entries)
        #expect(try Manifest.decode(manifest.encoded(), oid: manifestID) == manifest)
    }

    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "a//b", "./a", ""])
    func escapingRelpathsAreRefused(relpath: String) throws {
        #expect(throws: ManifestError.self) { try Manifest(entries: [.init(oid: a, relpath: relpath, size: 1)]) }
        let bytes = Array(#"[{"oid":"\#(a.hex)","relpath":"\#(relpath)","size":1}]"#.utf8)
        let error = #expect(throws: ManifestError.self) { try Manifest.decode(bytes, oid: manifestID) }
        #expect(error?.relpath == relpath)
        #expect(error?.description.hasPrefix("manifest \(manifestID.string): ") == true)
    }

    @Test func duplicatesAreRefused() {
        let error = #expect(throws: ManifestError.self) {
            try Manifest(entries: [.init(oid: a, relpath: "x", size: 1), .init(oid: b, relpath: "x", size: 2)])
        }
        #expect(error?.message == "`x` is listed twice")
        let bytes = Array(#"[{"oid":"\#(a.hex)","relpath":"x","size":1},{"oid":"\#(a.hex)","relpath":"x","size":1}]"#.utf8)
        #expect(throws: ManifestError.self) { try Manifest.decode(bytes, oid: manifestID) }
    }

    @Test(arguments: [
        (#"[{"oid":"A","relpath":"b","size":1},{"oid":"A","relpath":"a","size":1}]"#, "entries are not sorted by relpath (`a` after `b`)"),
        (#"[{"oid":"A", "relpath":"a","size":1}]"#, "manifest is not in canonical form"),
        (#"[{"relpath":"a","oid":"A","size":1}]"#, "manifest is not in canonical form"),
        (#"[{"oid":"A","relpath":"a","size":1,"isexec":false}]"#, "manifest is not in canonical form"),
        (#"[{"oid":"A","relpath":"a\/b","size":1}]"#, "manifest is not in canonical form"),
        (#"[{"oid":"A","relpath":"a","size":-1}]"#, "size must be a non-negative integer at byte 96"),
        (#"[{"oid":"A","relpath":"a","size":01}]"#, "size must be a non-negative integer at byte 96"),
        (#"[{"oid":"A","relpath":"a","size":1,"md5":"x"}]"#, "unknown key `md5` at byte 104"),
        (#"[{"oid":"A","relpath":"a"}]"#, "entry needs `oid`, `relpath` and `size` at byte 89"),
        (#"[{"oid":"AB","relpath":"a","size":1}]"#, "oid must be 64 lower-case hex characters at byte 74"),
        (#"[{"oid":"A","relpath":"a","size":1}"#, "expected `]` at byte 98"),
        (#"[{"oid":"A","relpath":"a","size":1}]x"#, "unexpected data after the list at byte 99"),
        ("{}", "expected `[` at byte 0"),
    ])
    func malformedManifestsAreRefused(json: String, message: String) {
        let bytes = Array(json.replacingOccurrences(of: "\"A\"", with: "\"\(a.hex)\"").replacingOccurrences(of: "\"AB\"", with: "\"\(a.hex.uppercased())\"").utf8)
        let error = #expect(throws: ManifestError.self) { try Manifest.decode(bytes, oid: manifestID) }
        #expect(error?.message == message)
        #expect(error?.oid == manifestID.string)
    }
}
