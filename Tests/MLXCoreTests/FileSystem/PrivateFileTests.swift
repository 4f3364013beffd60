import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct PrivateFileTests {
    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue
    }

    private func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: path)
    }

    @Test func aFileOpenToOthersIsMadeOwnerOnlyAndReported() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("config.local")
        try directory.write("config.local", "[remote \"s\"]\n\tsecret-access-key = x\n")
        for wide in [0o644, 0o640, 0o604, 0o620, 0o666] {
            try chmod(path, wide)
            let repair = try #require(PrivateFile.tighten(path))
            #expect(repair == PrivateFile.Repair(path: path, previousMode: wide, failure: nil))
            #expect(try mode(path) == 0o600)
        }
        try chmod(path, 0o644)
        #expect(PrivateFile.tighten(path)?.description
            == "\(path) had mode 0644, open to group or others; changed it to 0600, as it may hold credentials")
    }

    @Test func aPrivateOrMissingFileIsLeftAlone() throws {
        let directory = TemporaryDirectory()
        try directory.write("config.local", "")
        for privateMode in [0o600, 0o400, 0o700] {
            try chmod(directory.file("config.local"), privateMode)
            #expect(PrivateFile.tighten(directory.file("config.local")) == nil)
            #expect(try mode(directory.file("config.local")) == privateMode)
        }
        #expect(PrivateFile.tighten(directory.file("missing")) == nil)
    }

    @Test func aSymlinkAndWhatItNamesAreLeftAlone() throws {
        let directory = TemporaryDirectory()
        try directory.write("elsewhere", "not ours\n")
        try chmod(directory.file("elsewhere"), 0o644)
        try FileManager.default.createSymbolicLink(atPath: directory.file("config.local"), withDestinationPath: directory.file("elsewhere"))
        #expect(PrivateFile.tighten(directory.file("config.local")) == nil)
        #expect(try mode(directory.file("elsewhere")) == 0o644)
    }
}
