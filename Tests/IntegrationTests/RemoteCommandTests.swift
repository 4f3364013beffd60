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
