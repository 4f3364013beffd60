import Foundation
import MLXTestSupport
import Testing

/// Files that steer mlx and git are never data: `mlx add` refuses each one, names it, and leaves
/// the project as it was (a pointer beside it would hide it from git through `.gitignore`).
@Suite struct ControlFileTests {
    let repo: TemporaryDirectory

    init() throws {
        repo = try MLXBinary.makeGitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try repo.write("mlx.yaml", "stages:\n  train:\n    cmd: cat conf/train.yaml > out.txt\n    params:\n    - conf/train.yaml: [lr]\n    outs: [out.txt]\n")
        try repo.write("conf/train.yaml", "lr: 0.1\n")
        try repo.write("mlx.lock", "schema: '2.0'\nstages: {}\n")
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

    @Test func ordinaryDataBesideThemIsStillAdded() throws {
        try expectSuccess(try MLXBinary.run(["add", "data/x.csv"], in: repo.path))
        #expect(try repo.read("data/.gitignore") == "/other\n/x.csv\n")
    }
}
