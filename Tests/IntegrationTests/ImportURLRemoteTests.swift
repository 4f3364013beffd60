import Foundation
import MLXTestSupport
import Testing

/// `mlx import-url` of sources that are not on this machine: a web server (Python's
/// `http.server`), an S3 server (moto), and `remote://NAME/PATH` under a configured remote;
/// `status` sees the source change and `update` brings it in.
struct ImportURLRemoteTests {
    static let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"]

    /// A project in `root/app`, served data in `root/served`.
    func project() throws -> (root: TemporaryDirectory, app: String) {
        let root = TemporaryDirectory("mlx-import-url")
        try root.initializeGitRepository(in: "app")
        let app = root.appending("app")
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: app))
        return (root, app)
    }

    @Test func aFileOnAWebServerIsImportedAndUpdatedWhenItChanges() throws {
        let (root, app) = try project()
        try root.write("served/data/table.csv", "a,b\n1,2\n")
        try Shell.check("touch -d '2026-01-01 10:00:00' served/data/table.csv", in: root.path)
        let server = try LocalHTTPServer(serving: root.appending("served"))
        let url = server.baseURL + "/data/table.csv"

        let imported = try MLXBinary.run(["import-url", url], in: app)
        try expectSuccess(imported)
        #expect(imported.stdout.hasPrefix("imported table.csv from \(url)\n"))
        #expect(try root.read("app/table.csv") == "a,b\n1,2\n")
        let pointer = try root.read("app/table.csv.mlx")
        // http.server sends no ETag: its Last-Modified stands in, as the pointer shows.
        #expect(pointer.hasSuffix("deps:\n- path: \(url)\n  etag: Thu, 01 Jan 2026 10:00:00 GMT\n  size: 8\n"), "\(pointer)")
        #expect(try MLXBinary.run(["status"], in: app).stdout == "Data and pointer files are up to date.\n")

        try root.write("served/data/table.csv", "a,b\n1,2\n3,4\n")
        let status = try MLXBinary.run(["status"], in: app)
        #expect(status.stdout == "\tchanged upstream: table.csv (from \(url))\n")
        #expect(try MLXBinary.run(["update", "table.csv"], in: app).stdout == "updated table.csv\n")
        #expect(try root.read("app/table.csv") == "a,b\n1,2\n3,4\n")
        #expect(try MLXBinary.run(["status"], in: app).stdout == "Data and pointer files are up to date.\n")
        _ = server
    }

    @Test func aMissingURLOrOneWithAQueryIsRefusedAndWritesNothing() throws {
        let (root, app) = try project()
        try root.write("served/x.txt", "x")
        let server = try LocalHTTPServer(serving: root.appending("served"))
        let missing = try MLXBinary.run(["import-url", server.baseURL + "/nope.csv"], in: app)
        #expect(missing.status == 1)
        #expect(missing.stderr == "mlx: error: \(server.baseURL)/nope.csv: does not exist\nhint: check the URL\n")
        let query = try MLXBinary.run(["import-url", server.baseURL + "/x.txt?token=1", "x.txt"], in: app)
        #expect(query.status == 1)
        #expect(query.stderr.hasPrefix("mlx: error: \(server.baseURL)/x.txt?token=1: has a query or fragment"))
        let badOption = try MLXBinary.run(["import-url", "--fs-config", "endpont=http://x", server.baseURL + "/x.txt"], in: app)
        #expect(badOption.status == 1)
        #expect(badOption.stderr.hasPrefix("mlx: error: \(server.baseURL)/x.txt: --fs-config: unknown remote option 'endpont'"))
        let listing = try Shell.check("ls -A", in: app)
        #expect(listing == ".git\n.mlx\n.mlxignore\n", "\(listing)")
    }

    @Test(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
    func anS3ObjectAndAnS3FolderAreImportedWithTheirETags() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("iu", at: endpoint)
        let (root, app) = try project()
        func put(_ key: String, _ text: String) throws {
            try MotoServer.putObject(key, from: try root.write("upload.tmp", text), in: bucket, at: endpoint)
        }
        try put("models/model.bin", "weights v1")
        try put("sets/v1/a.txt", "a")
        try put("sets/v1/sub/b.txt", "bb")
        try put("sets/v1/sub/", "")
        var environment = Self.environment
        environment["AWS_ENDPOINT_URL"] = endpoint
        func mlx(_ arguments: [String]) throws -> ProcessResult {
            try MLXBinary.run(arguments, in: app, environment: environment)
        }

        try expectSuccess(try mlx(["import-url", "s3://\(bucket)/models/model.bin"]))
        #expect(try root.read("app/model.bin") == "weights v1")
        let md5 = try Shell.check("printf 'weights v1' | md5sum | cut -c1-32", in: root.path).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try root.read("app/model.bin.mlx").hasSuffix("deps:\n- path: s3://\(bucket)/models/model.bin\n  etag: \(md5)\n  size: 10\n"))

        try expectSuccess(try mlx(["import-url", "s3://\(bucket)/sets/v1", "set"]))
        #expect(try root.read("app/set/a.txt") == "a")
        #expect(try root.read("app/set/sub/b.txt") == "bb")
        #expect(try root.read("app/set.mlx").contains("  nfiles: 2\ndeps:\n- path: s3://\(bucket)/sets/v1\n"))
        #expect(try mlx(["status"]).stdout == "Data and pointer files are up to date.\n")

        try put("sets/v1/sub/b.txt", "changed")
        #expect(try mlx(["status"]).stdout == "\tchanged upstream: set (from s3://\(bucket)/sets/v1)\n")
        try expectSuccess(try mlx(["update", "set"]))
        #expect(try root.read("app/set/sub/b.txt") == "changed")
        #expect(try mlx(["status"]).stdout == "Data and pointer files are up to date.\n")

        // Without the endpoint the source is someone else's S3: a clear error, nothing written.
        let unreachable = try MLXBinary.run(["import-url", "--fs-config", "endpoint=http://127.0.0.1:\(try MotoServer.closedPort())",
                                             "s3://\(bucket)/models/model.bin", "other.bin"], in: app, environment: Self.environment)
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.hasPrefix("mlx: error: "))
        #expect(!root.exists("app/other.bin") && !root.exists("app/other.bin.mlx"))
    }

    @Test(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
    func remoteURLsReadAConfiguredRemoteWithItsSettings() throws {
        let endpoint = try MotoServer.sharedEndpoint()
        let bucket = try MotoServer.makeBucket("ir", at: endpoint)
        let (root, app) = try project()
        try MotoServer.putObject("raw/labels.txt", from: try root.write("upload.tmp", "cat\ndog\n"), in: bucket, at: endpoint)
        func mlx(_ arguments: [String]) throws -> ProcessResult {
            try MLXBinary.run(arguments, in: app, environment: Self.environment)
        }
        try expectSuccess(try mlx(["remote", "add", "lake", "s3://\(bucket)/raw"]))
        // DVC's spelling of the option, as a DVC user types it.
        try expectSuccess(try mlx(["remote", "modify", "lake", "endpointurl", endpoint]))
        try expectSuccess(try mlx(["import-url", "remote://lake/labels.txt"]))
        #expect(try root.read("app/labels.txt") == "cat\ndog\n")
        #expect(try root.read("app/labels.txt.mlx").contains("deps:\n- path: remote://lake/labels.txt\n"))
        #expect(try mlx(["status"]).stdout == "Data and pointer files are up to date.\n")
        let unknown = try mlx(["import-url", "remote://nowhere/labels.txt", "x.txt"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nowhere"), "\(unknown.stderr)")
    }

    /// A folder source is someone else's listing: a key that would land in `.git` or climb out
    /// of the destination is refused before anything is written.
    @Test func aFolderHoldingAGitPathIsRefusedBeforeAnythingIsWritten() throws {
        let (root, app) = try project()
        try root.write("store/drop/ok.txt", "ok")
        try root.write("store/drop/sub/.git/hooks/post-checkout", "#!/bin/sh\necho owned\n")
        try expectSuccess(try MLXBinary.run(["remote", "add", "share", root.appending("store")], in: app))
        let refused = try MLXBinary.run(["import-url", "remote://share/drop"], in: app)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("mlx: error: remote://share/drop: holds the object `drop/sub/.git/hooks/post-checkout`, which names a .git or .mlx folder"),
                "\(refused.stderr)")
        #expect(!root.exists("app/drop") && !root.exists("app/drop.mlx"))
        try Shell.check("rm -r store/drop/sub", in: root.path)
        try expectSuccess(try MLXBinary.run(["import-url", "remote://share/drop"], in: app))
        #expect(try root.read("app/drop/ok.txt") == "ok")
    }
}
