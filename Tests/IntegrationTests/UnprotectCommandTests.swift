import Foundation
import MLXTestSupport
import Testing

@Suite struct UnprotectCommandTests {
    private func stat(_ path: String) throws -> (links: Int, writable: Bool, symlink: Bool) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let permissions = (attributes[.posixPermissions] as? Int) ?? 0
        return ((attributes[.referenceCount] as? Int) ?? 0, permissions & 0o200 != 0,
                attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test func linkedFilesAndDirectoriesBecomeWritableCopies() throws {
        let repo = try TrackedRepository()
        let model = try repo.project.trackFile("models/model.bin", "weights")
        try repo.project.trackDirectory("images", files: ["a.jpg": "A", "b/c.jpg": "C"])
        try repo.project.link("models/model.bin", oid: model, type: "hardlink")
        try repo.project.link("images/a.jpg", oid: HandmadeProject.oid(of: "A"), type: "symlink")
        try repo.project.link("images/b/c.jpg", oid: HandmadeProject.oid(of: "C"), type: "hardlink")
        #expect(try stat(repo.root + "/models/model.bin").links == 2)

        let result = try repo.mlx(["unprotect", "model.bin", "../images"], in: "models")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "unprotected models/model.bin\nunprotected images/a.jpg\nunprotected images/b/c.jpg\n")
        for path in ["models/model.bin", "images/a.jpg", "images/b/c.jpg"] {
            let info = try stat(repo.root + "/" + path)
            #expect(info.links == 1 && info.writable && !info.symlink, "\(path)")
        }
        #expect(try String(contentsOfFile: repo.root + "/images/a.jpg", encoding: .utf8) == "A")
        try repo.project.write("models/model.bin", "fine-tuned")
        #expect(try repo.mlx(["fsck"]).status == 0)

        let again = try repo.mlx(["unprotect", "-v", "models/model.bin"])
        #expect(again.status == 0)
        #expect(again.stdout == "")
        #expect(again.stderr == "already writable: models/model.bin\n")
    }

    @Test func untrackedTargetMissingFileAndNoTarget() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("gone.csv", "g", workspace: false)
        let untracked = try repo.mlx(["unprotect", "nothing.csv"])
        #expect(untracked.status == 1)
        #expect(untracked.stderr.hasPrefix("mlx: error: nothing.csv: is not tracked by mlx\nhint: "))
        let missing = try repo.mlx(["unprotect", "gone.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "mlx: error: gone.csv: is missing from the workspace\nhint: `mlx checkout gone.csv` restores it\n")
        let none = try repo.mlx(["unprotect"])
        #expect(none.status == 2)
    }
}
