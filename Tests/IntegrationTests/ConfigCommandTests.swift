import Foundation
import MLXTestSupport
import Testing

@Suite struct ConfigCommandTests {
    let repo: TemporaryDirectory
    let home: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        home = TemporaryDirectory("mlx-home")
        let setup = try MLXBinary.run(["-q", "init"], in: repo.path, environment: environment)
        try #require(setup.status == 0, "mlx init failed: \(setup.stderr)")
    }

    private var globalFile: String { home.appending("xdg/mlx/config") }
    private var systemFile: String { home.appending("etc/mlx/config") }

    /// The global and system files live in the test's own folder.
    private var environment: [String: String] {
        ["HOME": home.path, "XDG_CONFIG_HOME": home.appending("xdg"), "MLX_CONFIG_SYSTEM": systemFile]
    }

    private func mlx(_ arguments: String..., in directory: String? = nil) throws -> ProcessResult {
        try MLXBinary.run(["config"] + arguments, in: directory ?? repo.path, environment: environment)
    }

    private func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func setGetAndUnsetUseTheProjectFileByDefault() throws {
        let set = try mlx("remote.storage.url", "s3://ml-data/project-a")
        #expect(set.status == 0 && set.stdout.isEmpty && set.stderr.isEmpty)
        #expect(text(repo.appending(".mlx/config"))?.hasSuffix("[remote \"storage\"]\n\turl = s3://ml-data/project-a\n") == true)

        let get = try mlx("remote.storage.url", in: repo.appending(".mlx"))
        #expect(get.status == 0)
        #expect(get.stdout == "s3://ml-data/project-a\n")

        #expect(try mlx("remote.storage.access_key_id", "AKIA").status == 0)
        #expect(text(repo.appending(".mlx/config"))?.contains("\taccess-key-id = AKIA\n") == true)
        #expect(try mlx("remote.storage.access-key-id").stdout == "AKIA\n")

        let unset = try mlx("--unset", "remote.storage.url")
        #expect(unset.status == 0 && unset.stdout.isEmpty)
        let missing = try mlx("remote.storage.url")
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == """
            mlx: error: 'remote.storage.url' is not set
            hint: `mlx config --list --show-origin` shows which file sets what

            """)
        let unsetAgain = try mlx("--unset", "remote.storage.url")
        #expect(unsetAgain.status == 1)
        #expect(unsetAgain.stderr.hasPrefix("mlx: error: no key 'remote.storage.url' in \(repo.path)/.mlx/config\n"))
    }

    @Test func levelsStackAndEachFlagNamesOneFile() throws {
        #expect(try mlx("--system", "core.remote", "sys").status == 0)
        #expect(try mlx("--global", "core.remote", "glob").status == 0)
        #expect(try mlx("--global", "cache.type", "copy").status == 0)
        #expect(try mlx("core.remote", "proj").status == 0)
        #expect(try mlx("--local", "core.remote", "loc").status == 0)
        #expect(text(systemFile) == "[core]\n\tremote = sys\n")
        #expect(text(globalFile) == "[core]\n\tremote = glob\n[cache]\n\ttype = copy\n")
        #expect(text(repo.appending(".mlx/config.local")) == "[core]\n\tremote = loc\n")

        #expect(try mlx("core.remote").stdout == "loc\n")
        #expect(try mlx("--project", "core.remote").stdout == "proj\n")
        #expect(try mlx("--system", "core.remote").stdout == "sys\n")
        #expect(try mlx("--local", "cache.type").status == 1)
        #expect(try mlx("cache.type").stdout == "copy\n")

        let list = try mlx("--list")
        #expect(list.status == 0)
        #expect(list.stdout == "core.remote=sys\ncore.remote=glob\ncache.type=copy\ncore.remote=proj\ncore.remote=loc\n")
        let origins = try mlx("-l", "--show-origin", "--global")
        #expect(origins.stdout == "file:\(globalFile)\tcore.remote=glob\nfile:\(globalFile)\tcache.type=copy\n")
        let local = try mlx("--list", "--show-origin", "--local")
        #expect(local.stdout == "file:\(repo.path)/.mlx/config.local\tcore.remote=loc\n")
    }

    @Test func secretsAreMaskedInListsAndRefusedInTheCommittedFile() throws {
        let before = text(repo.appending(".mlx/config"))
        let refused = try mlx("remote.s3.secret_access_key", "hush")
        #expect(refused.status == 1)
        #expect(refused.stderr == """
            mlx: error: refusing to write the secret 'remote.s3.secret-access-key' to \(repo.path)/.mlx/config, which is committed to git
            hint: use --local to keep it in .mlx/config.local, which git ignores

            """)
        #expect(text(repo.appending(".mlx/config")) == before)

        #expect(try mlx("--local", "remote.s3.secret_access_key", "hush").status == 0)
        #expect(try mlx("--global", "remote.s3.session_token", "tok").status == 0)
        #expect(try mlx("--local", "remote.s3.region", "us-east-1").status == 0)
        let list = try mlx("--list", "--show-origin")
        #expect(list.status == 0)
        #expect(!list.stdout.contains("hush") && !list.stdout.contains("tok\n"))
        #expect(list.stdout.contains("remote.s3.secret-access-key=***\n"))
        #expect(list.stdout.contains("remote.s3.session-token=***\n"))
        #expect(list.stdout.contains("remote.s3.region=us-east-1\n"))
        // Asked for by name too, a secret is masked unless --show-secrets says otherwise.
        #expect(try mlx("remote.s3.secret_access_key").stdout == "***\n")
        #expect(try mlx("--show-secrets", "remote.s3.secret_access_key").stdout == "hush\n")
        // The local file stays out of git.
        let status = try Shell.run("git status --porcelain --untracked-files=all .mlx", in: repo.path)
        #expect(!status.stdout.contains("config.local"))
    }

    @Test func globalAndSystemWorkOutsideAProject() throws {
        let plain = TemporaryDirectory("mlx-plain")
        #expect(try mlx("--global", "cache.type", "copy", in: plain.path).status == 0)
        #expect(try mlx("--system", "core.remote", "sys", in: plain.path).status == 0)
        #expect(try mlx("cache.type", in: plain.path).stdout == "copy\n")
        #expect(try mlx("--list", in: plain.path).stdout == "core.remote=sys\ncache.type=copy\n")

        let project = try mlx("core.remote", "x", in: plain.path)
        #expect(project.status == 1)
        #expect(project.stderr == "mlx: error: no project configuration file here\nhint: run `mlx init` first, or use --global\n")
    }

    @Test func aMalformedFileIsNamedWithItsLineAndLeftAsItWas() throws {
        let broken = "[core]\n\tremote = a\n[remote \"s3\"\n\turl = x\n"
        try repo.write(".mlx/config", broken)
        for arguments in [["core.remote", "b"], ["core.remote"], ["--list"], ["--global", "core.remote", "b"]] {
            let result = try MLXBinary.run(["config"] + arguments, in: repo.path, environment: environment)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("mlx: error: \(repo.path)/.mlx/config:3: "))
            #expect(result.stderr.contains("\nhint: "))
        }
        #expect(text(repo.appending(".mlx/config")) == broken)
        #expect(text(globalFile) == nil)
    }

    @Test func badCombinationsAreUsageErrors() throws {
        for arguments in [[], ["--list", "core.remote"], ["--unset", "core.remote", "x"],
                          ["--local", "--global", "core.remote"], ["--show-origin", "core.remote"],
                          ["--list", "--unset"], ["a", "b", "c"]] {
            let result = try MLXBinary.run(["config"] + arguments, in: repo.path, environment: environment)
            #expect(result.status == 2, "mlx config \(arguments)")
            #expect(result.stderr.hasPrefix("mlx: error: "))
        }
        let badName = try mlx("remote", "x")
        #expect(badName.status == 1)
        #expect(badName.stderr.hasPrefix("mlx: error: invalid config name 'remote'\nhint: "))
    }
}
