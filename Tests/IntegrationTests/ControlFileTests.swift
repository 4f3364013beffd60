import Foundation
import MLXTestSupport
import Testing

/// Files that steer mlx and git are never data: `mlx add` refuses each one, names it, and leaves
/// the project as it was (a pointer beside it would hide it from git through `.gitignore`).
@Suite struct ControlFileTests {
    let repo: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try repo.write("mlx.yaml", "stages:\n  train:\n    cmd: cat conf/train.yaml > out.txt\n    params:\n    - conf/train.yaml: [lr]\n    outs: [out.txt]\n")
        try repo.write("conf/train.yaml", "lr: 0.1\n")
        try repo.write("mlx.lock", "schema: '1.0'\nstages: {}\n")
        try repo.write("data/.gitignore", "/other\n")
        try repo.write("data/x.csv", "1\n")
    }

    @Test(arguments: [
        ("mlx.yaml", "is the pipeline file"), ("mlx.lock", "is the pipeline's lock file"),
        (".gitignore", "is a git ignore file"), ("data/.gitignore", "is a git ignore file"),
        (".mlxignore", "is mlx's ignore file"), ("conf/train.yaml", "is a params file that stages read"),
        ("conf", "holds `conf/train.yaml`, a params file that stages read"),
    ])
    func controlFilesAreNotData(path: String, message: String) throws {
        let before = try Shell.check("cd '\(repo.path)' && find . -path ./.git -prune -o -path ./.mlx/tmp -prune -o -type f -print | sort | xargs sha256sum")
        let result = try MLXBinary.run(["add", path], in: repo.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: \(path): \(message)"), "\(result.stderr)")
        #expect(try Shell.check("cd '\(repo.path)' && find . -path ./.git -prune -o -path ./.mlx/tmp -prune -o -type f -print | sort | xargs sha256sum") == before)
    }

    func expectAddRefused(_ path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Shell.check("cd '\(repo.path)' && find . -path ./.git -prune -o -path ./.mlx/tmp -prune -o -type f -print | sort | xargs sha256sum")
        let result = try MLXBinary.run(["add", path], in: repo.path)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("mlx: error: \(path): \(message)"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try Shell.check("cd '\(repo.path)' && find . -path ./.git -prune -o -path ./.mlx/tmp -prune -o -type f -print | sort | xargs sha256sum") == before,
                sourceLocation: sourceLocation)
    }

    @Test func filesGitAlreadyTracksAreRefusedWithTheGitCommandThatHandsThemOver() throws {
        try repo.write("raw/a.csv", "1\n")
        try Shell.check("cd '\(repo.path)' && git add data/x.csv raw/a.csv")
        try expectAddRefused("data/x.csv", "is already tracked by git")
        try expectAddRefused("raw", "holds `raw/a.csv`, which git already tracks")
        let hinted = try MLXBinary.run(["add", "raw"], in: repo.path)
        #expect(hinted.stderr.contains("git rm -r --cached raw"))
        try Shell.check("cd '\(repo.path)' && git rm -q -r --cached raw")
        try expectSuccess(try MLXBinary.run(["add", "raw"], in: repo.path))
    }

    @Test func stageOutputsAndPathsOverlappingThemAreRefused() throws {
        try repo.write("out.txt", "made by a stage\n")
        try expectAddRefused("out.txt", "is an output of stage 'train', which mlx.lock tracks")
        try repo.write("mlx.yaml", "stages:\n  train:\n    cmd: mkdir -p models/cnn\n    outs: [models/cnn]\n")
        try repo.write("models/cnn/w.bin", "w\n")
        try repo.write("models/readme", "r\n")
        try expectAddRefused("models", "overlaps output `models/cnn` of stage 'train'")
        try expectAddRefused("models/cnn/w.bin", "overlaps output `models/cnn` of stage 'train'")
    }

    @Test func pathsThatMlxignoreMatchesAreRefused() throws {
        try repo.write(".mlxignore", "*.tmp\n")
        try repo.write("data/scratch.tmp", "x\n")
        try expectAddRefused("data/scratch.tmp", "is ignored by .mlxignore")
    }

    @Test func aStageOutputInsideATrackedDirectoryIsRefusedBeforeItRuns() throws {
        try repo.write("images/a.png", "png\n")
        try expectSuccess(try MLXBinary.run(["add", "images"], in: repo.path))
        try repo.write("mlx.yaml", "stages:\n  thumbs:\n    cmd: echo ran > ran.txt && echo t > images/thumb.png\n    outs: [images/thumb.png]\n")
        let result = try MLXBinary.run(["repro"], in: repo.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: stage 'thumbs'"), "\(result.stderr)")
        #expect(result.stderr.contains("lies inside images, which images.mlx tracks"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.appending("ran.txt")))
    }

    @Test func ordinaryDataBesideThemIsStillAdded() throws {
        try expectSuccess(try MLXBinary.run(["add", "data/x.csv"], in: repo.path))
        #expect(try repo.read("data/.gitignore") == "/other\n/x.csv\n")
    }
}
