import Foundation
import MLXTestSupport
import Testing

/// Credentials stay private: `.mlx/config.local` is owner-only, `mlx config` masks secrets,
/// passwords in URLs never reach a message, and unsigned S3 requests are announced.
@Suite struct SecretsTests {
    /// No AWS credentials from the machine running the tests: an empty HOME and no AWS_* keys.
    private static func withoutAWSCredentials(home: String) -> [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/xdg", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
         "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_SHARED_CREDENTIALS_FILE": home + "/none",
         "AWS_CONFIG_FILE": home + "/none", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": ""]
    }

    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    /// Runs mlx under umask 022, where a file created without care comes out 0644.
    private func mlxUnderUmask022(_ arguments: String, in directory: String) throws -> ProcessResult {
        try Shell.run("umask 022 && '\(MLXBinary.path)' \(arguments)", in: directory, environment: ["NO_COLOR": "1"])
    }

    @Test func everyCommandThatWritesTheLocalConfigLeavesItOwnerOnly() throws {
        let project = try RemoteTestProject()
        let local = project.path + "/.mlx/config.local"
        for arguments in ["config --local remote.store.secret_access_key hush", "remote add --local mine /tmp/mine-store",
                          "remote modify --local mine session_token tok", "remote default --local mine",
                          "config --local --unset core.remote", "remote remove mine"] {
            try? FileManager.default.removeItem(atPath: local)
            if arguments.hasPrefix("remote modify") || arguments.hasPrefix("remote default") || arguments.contains("--unset")
                || arguments.hasPrefix("remote remove") {
                try project.write(".mlx/config.local", Array("[remote \"mine\"]\n\turl = /tmp/mine-store\n[core]\n\tremote = mine\n".utf8))
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: local)
            }
            let result = try mlxUnderUmask022(arguments, in: project.path)
            #expect(result.status == 0, "mlx \(arguments): \(result.stderr)")
            #expect(try mode(local) == 0o600, "mlx \(arguments)")
        }
    }

    @Test func aLocalConfigOpenToOthersIsMadeOwnerOnlyWithOneWarning() throws {
        let project = try RemoteTestProject()
        let local = project.path + "/.mlx/config.local"
        for (arguments, wide) in [(["remote", "list"], 0o644), (["config", "--list"], 0o640), (["push"], 0o604), (["doctor"], 0o660)] {
            try project.write(".mlx/config.local", Array("[remote \"store\"]\n\tsecret-access-key = hush\n".utf8))
            try FileManager.default.setAttributes([.posixPermissions: wide], ofItemAtPath: local)
            let first = try MLXBinary.run(arguments, in: project.path)
            let warning = "mlx: warning: \(local) had mode 0\(String(wide, radix: 8)), open to group or others; "
                + "changed it to 0600, as it may hold credentials\n"
            #expect(first.stderr.components(separatedBy: warning).count == 2, "mlx \(arguments): \(first.stderr)")
            #expect(try mode(local) == 0o600)
            #expect(try String(contentsOfFile: local, encoding: .utf8).contains("hush"))
            let second = try MLXBinary.run(arguments, in: project.path)
            #expect(!second.stderr.contains("warning"), "mlx \(arguments): \(second.stderr)")
        }
    }

    @Test func configMasksSecretsUnlessAskedToShowThem() throws {
        let project = try RemoteTestProject()
        try project.mlx(["config", "--local", "remote.store.secret_access_key", "hush"])
        // A secret written by hand is masked as well.
        try project.sh("git config -f .mlx/config.local remote.store.password pw")
        try project.mlx(["config", "remote.store.endpoint", "http://minio:hunter2@127.0.0.1:9000"])

        let masked = try project.mlx(["config", "remote.store.secret_access_key"])
        #expect(masked.stdout == "***\n")
        #expect(masked.stderr == "hint: remote.store.secret-access-key holds a secret, shown masked; --show-secrets prints it\n")
        #expect(try project.mlx(["config", "remote.store.password"]).stdout == "***\n")
        #expect(try project.mlx(["config", "remote.store.endpoint"]).stdout == "http://minio:***@127.0.0.1:9000\n")
        #expect(try project.mlx(["config", "remote.store.url"]).stderr.isEmpty)
        let list = try project.mlx(["config", "--list", "--show-origin"]).stdout
        #expect(!list.contains("hush") && !list.contains("hunter2") && !list.contains("=pw"))
        #expect(list.contains("remote.store.secret-access-key=***\n") && list.contains("remote.store.endpoint=http://minio:***@127.0.0.1:9000\n"))

        #expect(try project.mlx(["config", "--show-secrets", "remote.store.secret_access_key"]).stdout == "hush\n")
        #expect(try project.mlx(["config", "remote.store.endpoint", "--show-secrets"]).stdout == "http://minio:hunter2@127.0.0.1:9000\n")
        let shown = try project.mlx(["config", "--list", "--show-secrets"]).stdout
        #expect(shown.contains("remote.store.secret-access-key=hush\n") && shown.contains("hunter2"))
        for arguments in [["--show-secrets", "core.remote", "x"], ["--show-secrets", "--unset", "core.remote"]] {
            #expect(try MLXBinary.run(["config"] + arguments, in: project.path).status == 2)
        }
    }

    @Test func aPasswordInAnEndpointOrURLIsMaskedInEveryMessage() throws {
        let project = try RemoteTestProject()
        let home = TemporaryDirectory("mlx-home")
        try project.write("x.bin", bytes(100, seed: 1))
        try project.mlx(["add", "x.bin"])
        try project.write(".mlx/config", Array("""
            [core]
            \tremote = cloud
            [remote "cloud"]
            \turl = s3://bucket/prefix
            \tendpoint = http://minio:hunter2@127.0.0.1:1
            \tretries = 0
            [remote "share"]
            \turl = file://admin:hunter2@nas/share

            """.utf8))
        let environment = Self.withoutAWSCredentials(home: home.path)
        var outputs: [String] = []
        for arguments in [["push", "-v"], ["push", "--json"], ["fetch", "-v"], ["status", "--cloud"], ["remote", "list"],
                          ["config", "--list"], ["config", "remote.cloud.endpoint"], ["push", "-r", "share"],
                          ["remote", "add", "other", "https://u:hunter2@example.com/x"],
                          ["remote", "modify", "cloud", "url", "s3://k:hunter2@bucket"]] {
            let result = try MLXBinary.run(arguments, in: project.path, environment: environment)
            outputs.append("mlx \(arguments[0]) → \(result.status)\n\(result.stdout)\(result.stderr)")
        }
        let all = outputs.joined(separator: "\n")
        #expect(!all.contains("hunter2"), "\(all)")
        #expect(all.contains("http://minio:***@127.0.0.1:1"), "\(all)")
        #expect(all.contains("share\tfile://admin:***@nas/share\n"), "\(all)")
        #expect(try String(contentsOfFile: project.path + "/.mlx/config", encoding: .utf8).contains("url = s3://bucket/prefix\n"))
    }

    @Test func anS3RemoteWithoutCredentialsWarnsOnceThatRequestsGoUnsigned() throws {
        let project = try RemoteTestProject()
        let home = TemporaryDirectory("mlx-home")
        try project.mlx(["remote", "add", "-d", "cloud", "s3://bucket/prefix"])
        try project.mlx(["remote", "modify", "cloud", "endpoint", "http://127.0.0.1:1"])
        try project.mlx(["remote", "modify", "cloud", "retries", "0"])
        try project.write("x.bin", bytes(100, seed: 2))
        try project.mlx(["add", "x.bin"])
        let anonymous = Self.withoutAWSCredentials(home: home.path)
        let warning = "mlx: warning: remote 'cloud' (s3://bucket/prefix): no credentials found, so requests go unsigned (anonymous)"
        for arguments in [["push"], ["push", "--json"], ["fetch"], ["status", "--cloud"]] {
            let result = try MLXBinary.run(arguments, in: project.path, environment: anonymous)
            #expect(result.stderr.components(separatedBy: warning).count == 2, "mlx \(arguments): \(result.stderr)")
        }
        var signed = anonymous
        signed["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE"
        signed["AWS_SECRET_ACCESS_KEY"] = "secret"
        let withKeys = try MLXBinary.run(["push"], in: project.path, environment: signed)
        #expect(!withKeys.stderr.contains("warning"), "\(withKeys.stderr)")
        // A folder remote has nothing to sign.
        let folder = try MLXBinary.run(["push", "-r", "store"], in: project.path, environment: anonymous)
        #expect(folder.status == 0 && !folder.stderr.contains("warning"), "\(folder.stderr)")
    }
}
