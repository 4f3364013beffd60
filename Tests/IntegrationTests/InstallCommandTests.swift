import Foundation
import MLXTestSupport
import Testing

@Suite struct InstallCommandTests {
    let repo: TemporaryDirectory
    let home: TemporaryDirectory

    init() throws {
        repo = try TemporaryDirectory.gitRepository()
        home = TemporaryDirectory("mlx-home")
        let setup = try mlx(["-q", "init"])
        try #require(setup.status == 0, "mlx init failed: \(setup.stderr)")
        try #require(try git("add .mlx .mlxignore && git commit -q -m 'Initialize mlx'").status == 0)
    }

    private var fakeLog: String { home.appending("fake-mlx.log") }

    /// No user or machine configuration of git or mlx reaches the commands.
    private var environment: [String: String] {
        ["HOME": home.path, "XDG_CONFIG_HOME": home.appending("xdg"),
         "MLX_CONFIG_SYSTEM": home.appending("system"), "GIT_CONFIG_NOSYSTEM": "1"]
    }

    private func mlx(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: directory ?? repo.path, environment: environment)
    }

    /// Runs a git command line with `PATH` limited to the system folders, plus `path` before them.
    private func git(_ command: String, path: String? = nil, extra: [String: String] = [:]) throws -> ProcessResult {
        let searchPath = (path.map { $0 + ":" } ?? "") + "/usr/bin:/bin"
        let env = environment.merging(["PATH": searchPath, "FAKE_MLX_LOG": fakeLog]) { $1 }.merging(extra) { $1 }
        return try Shell.run("git " + command, in: repo.path, environment: env)
    }

    /// A stand-in `mlx` that logs its arguments (and, for push, its stdin) and exits with
    /// `$FAKE_MLX_STATUS`; returns the folder to put on PATH.
    private func fakeMLX() throws -> String {
        let script = try home.write("bin/mlx", """
            #!/bin/sh
            printf '%s\\n' "$*" >> "$FAKE_MLX_LOG"
            if [ "$1" = push ]; then cat >> "$FAKE_MLX_LOG"; fi
            exit "${FAKE_MLX_STATUS:-0}"

            """)
        chmod(script, 0o755)
        return home.appending("bin")
    }

    private var log: String { home.bytes("fake-mlx.log").map { String(decoding: $0, as: UTF8.self) } ?? "" }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func writesThreeExecutableHooksAndUpdatesOnlyItsOwn() throws {
        let result = try mlx(["install"], in: repo.appending(".mlx"))
        #expect(result.status == 0)
        #expect(result.stdout == "created .git/hooks/pre-commit\ncreated .git/hooks/post-checkout\ncreated .git/hooks/pre-push\n")
        #expect(result.stderr.isEmpty)
        for name in ["pre-commit", "post-checkout", "pre-push"] {
            let path = repo.appending(".git/hooks/\(name)")
            #expect(try permissions(path) == 0o755)
            let script = String(decoding: try #require(repo.bytes(".git/hooks/\(name)")), as: UTF8.self)
            #expect(script.hasPrefix("#!/bin/sh\n# mlx-managed hook"))
            #expect(script.contains("command -v mlx"))
        }
        let again = try mlx(["install"])
        #expect(again.status == 0)
        #expect(again.stdout == "up to date .git/hooks/pre-commit\nup to date .git/hooks/post-checkout\nup to date .git/hooks/pre-push\n")
        #expect(try mlx(["install", "-q"]).stdout.isEmpty)
    }

    @Test func aForeignHookIsKeptReportedAndTheOthersInstalled() throws {
        let foreign = "#!/bin/sh\nnpm test\n"
        try repo.write(".git/hooks/pre-push", foreign)
        let result = try mlx(["install"])
        #expect(result.status == 1)
        #expect(result.stdout == "created .git/hooks/pre-commit\ncreated .git/hooks/post-checkout\n")
        #expect(result.stderr == """
            skipped .git/hooks/pre-push: mlx did not write it; to call mlx from it, add:
                mlx push --hook "$@" || exit 1
            mlx: error: left 1 hook unchanged because mlx did not write it: .git/hooks/pre-push
            hint: add the line shown above to each hook by hand, or move the hook away and run 'mlx install' again

            """)
        #expect(repo.bytes(".git/hooks/pre-push") == Array(foreign.utf8))

        let uninstall = try mlx(["install", "--uninstall"])
        #expect(uninstall.status == 0)
        #expect(uninstall.stdout == """
            removed .git/hooks/pre-commit
            removed .git/hooks/post-checkout
            left .git/hooks/pre-push: mlx did not write it

            """)
        #expect(!repo.exists(".git/hooks/pre-commit") && !repo.exists(".git/hooks/post-checkout"))
        #expect(repo.bytes(".git/hooks/pre-push") == Array(foreign.utf8))
    }

    @Test func honoursCoreHooksPath() throws {
        #expect(try git("config core.hooksPath .githooks").status == 0)
        let result = try mlx(["install"])
        #expect(result.status == 0)
        #expect(result.stdout == "created .githooks/pre-commit\ncreated .githooks/post-checkout\ncreated .githooks/pre-push\n")
        #expect(!repo.exists(".git/hooks/pre-commit"))
        let script = String(decoding: try #require(repo.bytes(".githooks/pre-commit")), as: UTF8.self)
        #expect(script.contains("install mlx or remove .githooks/pre-commit'"))
    }

    @Test func needsAnMLXProjectInAGitWorkTree() throws {
        let bare = try TemporaryDirectory.gitRepository()
        let noProject = try mlx(["install"], in: bare.path)
        #expect(noProject.status == 1)
        #expect(noProject.stderr == "mlx: error: not an mlx project (or any parent folder): \(bare.path)\nhint: run 'mlx init' at the root of your git repository\n")

        let plain = TemporaryDirectory("mlx-plain")
        let noGit = try mlx(["install"], in: plain.path)
        #expect(noGit.status == 1)
        #expect(noGit.stderr.hasPrefix("mlx: error: not inside a git repository (or any parent up to /): \(plain.path)\nhint: "))
    }

    @Test func preCommitRefusesACommitWhileStatusReportsChanges() throws {
        #expect(try mlx(["install"]).status == 0)
        let bin = try fakeMLX()
        try repo.write("code.py", "print(1)\n")
        let refused = try git("add code.py && git commit -q -m code", path: bin, extra: ["FAKE_MLX_STATUS": "1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("mlx: tracked data changed; run 'mlx commit' or 'mlx checkout'\n"))
        #expect(log == "status --data --exit-code\n")
        #expect(try git("rev-list --count HEAD").stdout == "1\n")

        let accepted = try git("commit -q -m code", path: bin)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try git("rev-list --count HEAD").stdout == "2\n")
    }

    @Test func postCheckoutRunsMLXCheckoutOnBranchSwitchesOnly() throws {
        #expect(try mlx(["install"]).status == 0)
        let bin = try fakeMLX()
        try repo.write("notes.txt", "v1\n")
        #expect(try git("add notes.txt && git commit -q -m notes", path: bin).status == 0)
        try FileManager.default.removeItem(atPath: home.appending("fake-mlx.log"))

        #expect(try git("checkout -q -b other", path: bin).status == 0)
        #expect(log == "checkout --quiet\n")
        try repo.write("notes.txt", "edited\n")
        #expect(try git("checkout -q -- notes.txt", path: bin).status == 0)
        #expect(log == "checkout --quiet\n")
        #expect(try git("checkout -q main", path: bin).status == 0)
        #expect(log == "checkout --quiet\ncheckout --quiet\n")
    }

    @Test func prePushHandsGitsArgumentsAndStdinToMLXPush() throws {
        #expect(try mlx(["install"]).status == 0)
        let bin = try fakeMLX()
        let remote = TemporaryDirectory("mlx-remote")
        #expect(try Shell.run("git init -q --bare .", in: remote.path).status == 0)
        #expect(try git("remote add origin '\(remote.path)'").status == 0)
        let head = try git("rev-parse HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let push = try git("push -q origin main", path: bin)
        #expect(push.status == 0, "\(push.stderr)")
        let zero = String(repeating: "0", count: 40)
        #expect(log == "push --hook origin \(remote.path)\nrefs/heads/main \(head) refs/heads/main \(zero)\n")

        let refused = try git("push -q origin main:other", path: bin, extra: ["FAKE_MLX_STATUS": "1"])
        #expect(refused.status != 0)
        #expect(try Shell.run("git branch --list other", in: remote.path).stdout.isEmpty)
    }

    @Test func withoutMLXOnPathTheHooksFailWithAClearMessage() throws {
        #expect(try mlx(["install"]).status == 0)
        try repo.write("code.py", "print(1)\n")
        let commit = try git("add code.py && git commit -q -m code")
        #expect(commit.status != 0)
        #expect(commit.stderr.contains("mlx: not found on PATH; install mlx or remove .git/hooks/pre-commit\n"))
        #expect(try git("rev-list --count HEAD").stdout == "1\n")

        let checkout = try git("checkout -q -b other")
        #expect(checkout.status != 0)
        #expect(checkout.stderr.contains("mlx: not found on PATH; install mlx or remove .git/hooks/post-checkout\n"))
    }
}
