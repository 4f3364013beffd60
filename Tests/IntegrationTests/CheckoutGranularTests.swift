import Foundation
import MLXTestSupport
import Testing

/// `mlx checkout data/dir/file`: a path inside a tracked directory restores just the files
/// recorded at or below it, as DVC's granular targets do, and leaves the rest alone.
@Suite struct CheckoutGranularTests {
    static func trackedDirectory() throws -> PipelineProject {
        let project = try PipelineProject(["d/a.txt": "a\n", "d/sub/b.txt": "b\n", "d/sub/c.txt": "c\n"])
        #expect(try project.mlx("add", "-q", "d").status == 0)
        return project
    }

    @Test func aFileInsideATrackedDirectoryIsRestoredAloneAndItsSiblingsKeepTheirChanges() throws {
        let project = try Self.trackedDirectory()
        try FileManager.default.removeItem(atPath: project.path + "/d/a.txt")
        try project.write("d/sub/b.txt", "edited\n")
        try project.write("d/new.txt", "new\n")

        let checkout = try project.mlx("checkout", "d/a.txt")
        #expect(checkout.status == 0, "\(checkout.stderr)")
        #expect(checkout.stdout == "restored d/a.txt (1 file)\n")
        #expect(project.text("d/a.txt") == "a\n")
        #expect(project.text("d/sub/b.txt") == "edited\n")
        #expect(project.text("d/new.txt") == "new\n")
    }

    @Test func aFolderInsideATrackedDirectoryRestoresJustItsFiles() throws {
        let project = try Self.trackedDirectory()
        try FileManager.default.removeItem(atPath: project.path + "/d/sub")
        try FileManager.default.removeItem(atPath: project.path + "/d/a.txt")
        #expect(try project.mlx("checkout", "d/sub").stdout == "restored d/sub (2 files)\n")
        #expect(project.text("d/sub/c.txt") == "c\n")
        #expect(project.text("d/a.txt") == nil)
    }

    @Test func aFileInsideAStageOutputDirectoryIsRestoredAlone() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              make:
                cmd: mkdir -p out && echo x > out/x && echo y > out/y
                outs: [out]

            """])
        #expect(try project.mlx("repro").status == 0)
        try FileManager.default.removeItem(atPath: project.path + "/out/x")
        try FileManager.default.removeItem(atPath: project.path + "/out/y")
        #expect(try project.mlx("checkout", "out/y").stdout == "restored out/y (1 file)\n")
        #expect(project.text("out/y") == "y\n")
        #expect(project.text("out/x") == nil)
    }

    @Test func aFileWithUnrecordedChangesIsKeptUnlessForced() throws {
        let project = try Self.trackedDirectory()
        try project.write("d/sub/b.txt", "edited\n")
        let refused = try project.mlx("checkout", "d/sub/b.txt")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("mlx: error: d/sub/b.txt: has changes that are not recorded\n"), "\(refused.stderr)")
        #expect(project.text("d/sub/b.txt") == "edited\n")
        #expect(try project.mlx("checkout", "--force", "d/sub/b.txt").stdout == "restored d/sub/b.txt (1 file)\n")
        #expect(project.text("d/sub/b.txt") == "b\n")
    }

    @Test func aPathTheManifestDoesNotListIsAnErrorAndNothingIsRestored() throws {
        let project = try Self.trackedDirectory()
        try FileManager.default.removeItem(atPath: project.path + "/d/a.txt")
        let checkout = try project.mlx("checkout", "d/a.txt", "d/sub/zz.txt")
        #expect(checkout.status == 1)
        #expect(checkout.stderr == """
            mlx: error: d/sub/zz.txt: is not in d as d.mlx records it
            hint: 'mlx ls -R d' lists its recorded files; 'mlx checkout d' restores all of them

            """)
        #expect(project.text("d/a.txt") == nil)
    }
}
