import Foundation
import MLXTestSupport
import Testing

@Suite struct RemoteCommandTests {
    @Test func addListDefaultModifyRemove() throws {
        let project = try RemoteTestProject()
        try project.mlx(["remote", "add", "backup", "file:///mnt/backup"])
        try project.mlx(["remote", "add", "--local", "mine", "/tmp/mine"])
        #expect(try project.mlx(["remote", "list"]).stdout == "store\t../store\t(default)\nbackup\tfile:///mnt/backup\nmine\t/tmp/mine\n")
        #expect(try project.mlx(["remote", "default"]).stdout == "store\n")

        let duplicate = try MLXBinary.run(["remote", "add", "backup", "/elsewhere"], in: project.path)
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("remote 'backup': already exists"))
        try project.mlx(["remote", "add", "-f", "-d", "backup", "/elsewhere"])
        #expect(try project.mlx(["remote", "default"]).stdout == "backup\n")

        try project.mlx(["remote", "modify", "backup", "region", "eu-west-1"])
        try project.mlx(["remote", "modify", "--local", "backup", "secret_access_key", "s3cr3t"])
        let committed = try String(contentsOfFile: project.path + "/.mlx/config", encoding: .utf8)
        #expect(committed.contains("region = eu-west-1"))
        #expect(!committed.contains("s3cr3t"))
        let secret = try MLXBinary.run(["remote", "modify", "backup", "session_token", "x"], in: project.path)
        #expect(secret.status == 2)
        #expect(secret.stderr.contains("is a secret: store it with --local"))
        let unknown = try MLXBinary.run(["remote", "modify", "backup", "colour", "red"], in: project.path)
        #expect(unknown.status == 2)

        try project.mlx(["remote", "remove", "backup"])
        #expect(try project.mlx(["remote", "list"]).stdout == "store\t../store\nmine\t/tmp/mine\n")
        #expect(try MLXBinary.run(["remote", "default"], in: project.path).status == 1)
        let local = try String(contentsOfFile: project.path + "/.mlx/config.local", encoding: .utf8)
        #expect(!local.contains("backup"))
        #expect(try MLXBinary.run(["remote", "remove", "backup"], in: project.path).status == 1)
    }

    @Test func mistypedAndUnsupportedURLsAndFoldersInsideTheWorkTreeAreRefused() throws {
        let project = try RemoteTestProject()
        let configBefore = try String(contentsOfFile: project.path + "/.mlx/config", encoding: .utf8)
        let cases: [(url: String, error: String, hint: String)] = [
            ("s3:/bucket", "url 's3:/bucket' looks like a mistyped URL: 's3:' is not followed by '//'", "did you mean s3://bucket? "),
            ("s3:bucket/x", "url 's3:bucket/x' looks like a mistyped URL: 's3:' is not followed by '//'", "did you mean s3://bucket/x? "),
            ("S3//x", "url 'S3//x' looks like a mistyped URL: 'S3' is not followed by '://'", "did you mean s3://x? "),
            ("gs://bucket", "url 'gs://bucket' uses the unsupported scheme 'gs://'", "a remote is s3://bucket[/prefix], ssh://host[:port]/path, file:///absolute/path, "),
            ("http://127.0.0.1:9000/b", "url 'http://127.0.0.1:9000/b' uses the unsupported scheme 'http://'", "a remote is "),
            ("bucket/x", "folder \(project.path)/bucket/x is inside the project's work tree (\(project.path)): "
                + "a push would write into the workspace itself", "put the remote outside the project"),
            (project.path + "/.mlx/cache", "folder \(project.path)/.mlx/cache is inside the project's work tree", "put the remote"),
        ]
        for (url, error, hint) in cases {
            for arguments in [["remote", "add", "bad", url], ["remote", "modify", "store", "url", url]] {
                let result = try MLXBinary.run(arguments, in: project.path + "/.mlx")
                #expect(result.status == 1, "mlx \(arguments)")
                let name = arguments[1] == "add" ? "bad" : "store"
                #expect(result.stderr.hasPrefix("mlx: error: remote '\(name)': \(error)"), "mlx \(arguments): \(result.stderr)")
                #expect(result.stderr.contains("\nhint: \(hint)"), "mlx \(arguments): \(result.stderr)")
            }
        }
        #expect(try String(contentsOfFile: project.path + "/.mlx/config", encoding: .utf8) == configBefore)

        // A config edited by hand is refused when the remote is opened, and nothing is written.
        try project.write("x.bin", bytes(10, seed: 3))
        try project.mlx(["add", "x.bin"])
        for url in ["s3:bucket", "data/store"] {
            try project.sh("git config -f .mlx/config remote.store.url '\(url)'")
            let push = try MLXBinary.run(["push"], in: project.path)
            #expect(push.status == 1)
            #expect(push.stderr.hasPrefix("mlx: error: remote 'store': "), "\(push.stderr)")
            #expect(push.stderr.contains("\nhint: "))
        }
        #expect(!FileManager.default.fileExists(atPath: project.path + "/s3:bucket"))
        #expect(!FileManager.default.fileExists(atPath: project.path + "/data"))
    }

    @Test func statusCloudSaysWhatIsWhere() throws {
        let project = try RemoteTestProject()
        try project.write("pushed.bin", bytes(10, seed: 1))
        try project.mlx(["add", "pushed.bin"])
        try project.mlx(["push"])
        try project.write("new.bin", bytes(10, seed: 2))
        try project.mlx(["add", "new.bin"])
        let status = try MLXBinary.run(["status", "--cloud", "--exit-code"], in: project.path)
        #expect(status.status == 1)
        #expect(status.stdout == "\tmissing on remote:  new.bin\n")
        let json = try project.mlx(["status", "-c", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["clean"] as? Bool == false)
        #expect((document?["data"] as? [[String: Any]])?.count == 2)
    }
}
