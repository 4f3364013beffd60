import Foundation
import MLXTestSupport
import Testing

@Suite struct GCCommandTests {
    /// main holds v1 of model.bin, branch `feature` holds v2; the workspace is on main; v0 is
    /// an older version nothing names any more. Every version is in the cache and on the remote.
    private func twoBranches() throws -> (RemoteTestProject, v0: String, v1: String, v2: String) {
        let project = try RemoteTestProject()
        var oids: [String] = []
        for (version, branch) in [(0, "main"), (1, "main"), (2, "feature")] {
            if branch == "feature" { try project.sh("git checkout -q -b feature") }
            try project.sh("chmod u+w model.bin 2>/dev/null; true")
            try project.write("model.bin", bytes(1000 + version, seed: version))
            try project.mlx(["add", "model.bin"])
            try project.mlx(["push"])
            try project.sh("git add -A && git commit -qm v\(version)")
            oids.append(String(try project.mlx(["hash", "model.bin"]).stdout.prefix(64)))
        }
        try project.sh("git checkout -q main")
        try project.mlx(["checkout", "--force"])
        return (project, oids[0], oids[1], oids[2])
    }

    private func cached(_ project: RemoteTestProject, _ oid: String) -> Bool {
        FileManager.default.fileExists(atPath: project.path + "/.mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))")
    }

    private func remote(_ project: RemoteTestProject, _ oid: String) -> Bool {
        FileManager.default.fileExists(atPath: project.store + "/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))")
    }

    @Test func allBranchesKeepsWhatEitherBranchNames() throws {
        let (project, v0, v1, v2) = try twoBranches()
        let gc = try project.mlx(["gc", "--all-branches", "--cloud", "-f"])
        #expect(gc.stdout.contains("delete \(v0) "))
        #expect(!gc.stdout.contains(v1) && !gc.stdout.contains(v2))
        #expect(!cached(project, v0) && !remote(project, v0))
        for kept in [v1, v2] { #expect(cached(project, kept) && remote(project, kept)) }
        // Nothing left to do: the same scope deletes nothing more.
        #expect(try project.mlx(["gc", "-a", "-c", "-f"]).stdout.hasPrefix("Nothing to delete"))
    }

    @Test func workspaceScopeDropsTheOtherBranchOnly() throws {
        let (project, v0, v1, v2) = try twoBranches()
        try project.mlx(["gc", "--workspace", "-f"])
        #expect(cached(project, v1))
        #expect(!cached(project, v0) && !cached(project, v2))
        #expect(remote(project, v0) && remote(project, v2))
        #expect(try MLXBinary.run(["status", "--exit-code"], in: project.path).status == 0)
    }

    @Test func refusesWithoutAScopeOrConfirmationAndDryDeletesNothing() throws {
        let (project, v0, _, _) = try twoBranches()
        let noScope = try MLXBinary.run(["gc", "-f"], in: project.path)
        #expect(noScope.status == 2)
        let dry = try project.mlx(["gc", "-w", "--dry"])
        #expect(dry.stdout.contains("would delete \(v0) "))
        let unconfirmed = try MLXBinary.run(["gc", "-w"], in: project.path)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("without confirmation (stdin is not a terminal)"))
        #expect(cached(project, v0))
        let json = try project.mlx(["gc", "--rev", "HEAD", "-f", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["deleted_from_cache"] as? Int == 2)
    }
}
