import Foundation
import MLXCore
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXRemote

/// A folder remote refuses an upload whose bytes do not hash to the digest it was given, alone
/// or in a batch, and leaves no temporary behind (issue 10, point 5; `RemoteConformance` holds
/// every remote to the rule itself).
@Suite struct UploadVerificationTests {
    @Test(arguments: ["folder", "folder batch"])
    func uploadThatDoesNotMatchItsDigestIsNeverPublished(kind: String) throws {
        let folder = TemporaryDirectory()
        let good = content(70_000, seed: 1)
        var bad = good
        bad[12_345] ^= 0xFF
        let source = try folder.write("object", bad)
        let digest = Blake3.hash(good)
        let key = "files/blake3/aa/bb"
        let store = folder.appending("store")
        let error: RemoteError?
        let remote: any Remote
        switch kind {
        case "folder":
            remote = LocalRemote(root: store, name: "local")
            error = expectRemoteError { () throws(RemoteError) in try remote.upload(source, size: 70_000, to: key, verifying: digest) }
        default:
            let local = LocalRemote(root: store, name: "local")
            remote = local
            let batch = local.makeUploadBatch()
            error = expectRemoteError { () throws(RemoteError) in try batch.upload(source, size: 70_000, to: key, verifying: digest) }
            try batch.commit()
        }
        #expect(error?.kind == .corruptSource)
        #expect(error?.message.contains("hashes to \(Blake3.hash(bad).hex)") == true, "\(String(describing: error))")
        #expect(try remote.size(of: key) == nil)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: store + "/files/blake3/aa")) ?? []
        #expect(left.isEmpty, "temporaries left: \(left)")
        // The same upload with the right bytes goes through.
        try remote.upload(try folder.write("right", good), size: 70_000, to: key, verifying: digest)
        #expect(try remote.size(of: key) == 70_000)
    }
}

/// S3's single PUT is checked as libcurl streams it, cut short before its last byte; a
/// multipart upload is checked before its first part.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3UploadVerificationTests {
    @Test(arguments: [false, true])
    func uploadThatDoesNotMatchItsDigestIsNeverPublished(multipart: Bool) throws {
        let scratch = TemporaryDirectory()
        let remote = try makeS3Remote {
            $0.multipartThreshold = 6 << 20
            $0.partSize = 5 << 20
        }
        let size = multipart ? (11 << 20) + 7 : 300_000
        let good = randomBytes(size)
        var bad = good
        bad[size - 1] ^= 0x01
        let digest = Blake3.hash(good)
        let source = try scratch.write("bad", bad)
        let error = expectRemoteError { () throws(RemoteError) in
            try remote.upload(source, size: Int64(size), to: "files/blake3/cc/dd", verifying: digest)
        }
        #expect(error?.kind == .corruptSource, "\(String(describing: error))")
        #expect(try remote.size(of: "files/blake3/cc/dd") == nil)
        #expect(try remote.pendingUploads().isEmpty)
        try remote.upload(try scratch.write("good", good), size: Int64(size), to: "files/blake3/cc/dd", verifying: digest)
        #expect(try remote.size(of: "files/blake3/cc/dd") == Int64(size))
    }
}

/// The check S3 uploads go through, fed as parallel parts feed it: out of order, with repeats.
@Suite struct HTTPUploadCheckTests {
    private func feed(_ check: HTTPUploadCheck, _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes[range].withUnsafeBytes { check.accept($0, at: Int64(range.lowerBound)) }
    }

    @Test func partsReadOutOfOrderAreHashedInFileOrder() {
        let bytes = content(10_000, seed: 5)
        let check = HTTPUploadCheck(expected: Blake3.hash(bytes), length: 10_000)
        #expect(feed(check, bytes, 6000..<10_000))
        #expect(feed(check, bytes, 3000..<6000))
        #expect(!check.isComplete)
        #expect(feed(check, bytes, 0..<1000))
        // A part sent again after a failed attempt.
        #expect(feed(check, bytes, 0..<2000))
        #expect(feed(check, bytes, 2000..<3000))
        #expect(check.isComplete)
        #expect(check.mismatch == nil)
    }

    @Test func theBytesThatCompleteAMismatchAreRefused() {
        let bytes = content(10_000, seed: 5)
        var damaged = bytes
        damaged[9_999] ^= 1
        let check = HTTPUploadCheck(expected: Blake3.hash(bytes), length: 10_000)
        #expect(feed(check, damaged, 5000..<10_000))
        #expect(!feed(check, damaged, 0..<5000))
        #expect(check.mismatch == Blake3.hash(damaged))
        #expect(!feed(check, damaged, 0..<10))
    }

    @Test func tooMuchReadAheadGivesUpAndLeavesTheCheckToTheCaller() {
        let bytes = content(10_000, seed: 5)
        let check = HTTPUploadCheck(expected: Blake3.hash(bytes), length: 10_000, aheadLimit: 4000)
        #expect(feed(check, bytes, 2000..<5000))
        #expect(feed(check, bytes, 5000..<8000))
        #expect(feed(check, bytes, 0..<2000))
        #expect(feed(check, bytes, 8000..<10_000))
        #expect(!check.isComplete)
        #expect(check.mismatch == nil)
    }
}
