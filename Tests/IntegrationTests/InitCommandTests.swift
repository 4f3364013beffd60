import Foundation
import MLXTestSupport
import Testing

@Suite struct InitCommandTests {
    let repo: TemporaryDirectory
    let home: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        home = TemporaryDirectory("mlx-home")
    }

    /// No user or machine configuration of git or mlx reaches the command.
    private var environment: [String: String] {
        ["HOME": home.path, "XDG_CONFIG_HOME": home.appending("xdg"),
         "MLX_CONFIG_SYSTEM": home.appending("system"), "GIT_CONFIG_NOSYSTEM": "1"]
    }

    private func mlx(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: directory ?? repo.path, environment: environment)
    }

    private func text(_ relative: String, in folder: TemporaryDirectory? = nil) -> String? {
        (folder ?? repo).bytes(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every entry outside `.git`, relative, folders ending in `/`.
    private func tree(_ folder: TemporaryDirectory) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        var entries: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative == ".git" { walker?.skipDescendants(); continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appending(relative), isDirectory: &isDirectory)
            entries.append(relative + (isDirectory.boolValue ? "/" : ""))
        }
        return entries.sorted()
    }

    @Test func fromASubfolderItInitializesTheWorkTreeRoot() throws {
        try repo.write("data/raw/keep", "x")
        let result = try mlx(["init"], in: repo.appending("data/raw"))
        #expect(result.status == 0)
        #expect(result.stdout == """
            Initialized mlx in \(repo.path)
              created .mlx/config
              created .mlx/.gitignore
              created .mlx/cache/CACHEDIR.TAG
              created .mlx/tmp/
              created .mlxignore

            """)
        #expect(result.stderr == "hint: commit them with: git add .mlx .mlxignore && git commit -m 'Initialize mlx'\n")
        #expect(tree(repo) == [
            ".mlx/", ".mlx/.gitignore", ".mlx/cache/", ".mlx/cache/CACHEDIR.TAG", ".mlx/config", ".mlx/tmp/",
            ".mlxignore", "data/", "data/raw/", "data/raw/keep",
        ])
        #expect(text(".mlx/.gitignore") == "/config.local\n/cache/\n/tmp/\n")
        #expect(text(".mlx/cache/CACHEDIR.TAG")?.hasPrefix("Signature: 8a477f597d28d172789f06886806bc55\n# ") == true)
        let config = try #require(text(".mlx/config"))
        #expect(config.split(separator: "\n").allSatisfy { $0.hasPrefix("#") })
        #expect(text(".mlxignore")?.contains("gitignore syntax") == true)

        // git sees exactly the files to commit: the cache and tmp folders are ignored.
        let status = try Shell.run("git status --porcelain --untracked-files=all", in: repo.path, environment: environment)
        #expect(status.stdout == "?? .mlx/.gitignore\n?? .mlx/config\n?? .mlxignore\n?? data/raw/keep\n")
        let commit = try Shell.run(
            "git add .mlx .mlxignore && git commit -q -m 'Initialize mlx'", in: repo.path, environment: environment)
        #expect(commit.status == 0)
    }

    @Test func aSecondInitSaysSoAndChangesNothing() throws {
        #expect(try mlx(["init"]).status == 0)
        try repo.write(".mlx/config", "[core]\n\tremote = storage\n")
        try repo.write(".mlxignore", "*.tmp\n")
        let before = tree(repo)

        let again = try mlx(["init"], in: repo.appending(".mlx"))
        #expect(again.status == 0)
        #expect(again.stdout == "mlx is already initialized in \(repo.path)\n")
        #expect(again.stderr.isEmpty)
        #expect(tree(repo) == before)
        #expect(text(".mlx/config") == "[core]\n\tremote = storage\n")
        #expect(text(".mlxignore") == "*.tmp\n")
    }

    @Test func quietPrintsNothingEitherWay() throws {
        let first = try mlx(["-q", "init"])
        #expect(first.status == 0 && first.stdout.isEmpty && first.stderr.isEmpty)
        #expect(repo.exists(".mlx/config"))
        let second = try mlx(["init", "--quiet"])
        #expect(second.status == 0 && second.stdout.isEmpty && second.stderr.isEmpty)
    }

    @Test func outsideGitItRefusesUnlessNoSCM() throws {
        let plain = TemporaryDirectory("mlx-plain")
        let refused = try mlx(["init"], in: plain.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == """
            mlx: error: '\(plain.path)' is not inside a git work tree
            hint: run 'git init' first, or 'mlx init --no-scm' to use mlx without git

            """)
        #expect(tree(plain).isEmpty)

        try plain.write("sub/x", "x")
        let viaC = try mlx(["-C", "sub", "init", "--no-scm"], in: plain.path)
        #expect(viaC.status == 0)
        #expect(viaC.stdout.hasPrefix("Initialized mlx in \(plain.path)/sub\n"))
        #expect(viaC.stderr.isEmpty)
        #expect(text("sub/.mlx/config", in: plain)?.hasSuffix("[core]\n\tno-scm = true\n") == true)
        #expect(plain.exists("sub/.mlx/cache/CACHEDIR.TAG") && plain.exists("sub/.mlxignore"))
    }

    @Test func aFileNamedMLXIsAClearError() throws {
        try repo.write(".mlx", "mine\n")
        let result = try mlx(["init"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            mlx: error: '\(repo.path)/.mlx' exists but is not a folder
            hint: mlx keeps its data in that folder: move the file away, then run 'mlx init' again

            """)
        #expect(text(".mlx") == "mine\n")
        #expect(!repo.exists(".mlxignore"))
    }

    @Test func forceRestoresMLXFilesAndKeepsTheConfig() throws {
        #expect(try mlx(["init"]).status == 0)
        try repo.write(".mlx/config", "[core]\n\tremote = storage\n")
        try FileManager.default.removeItem(atPath: repo.appending(".mlx/cache"))
        try FileManager.default.removeItem(atPath: repo.appending(".mlx/.gitignore"))

        let result = try mlx(["init", "-f"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            Restored mlx files in \(repo.path)
              created .mlx/cache/
              created .mlx/.gitignore
              created .mlx/cache/CACHEDIR.TAG

            """)
        #expect(text(".mlx/config") == "[core]\n\tremote = storage\n")
        #expect(text(".mlx/.gitignore") == "/config.local\n/cache/\n/tmp/\n")
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try mlx(["init", "--bogus"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mlx: error: "))
        #expect(!repo.exists(".mlx"))
    }
}
