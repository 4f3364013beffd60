import Foundation
import MLXTestSupport
import Testing

/// A repository someone else wrote, cloned and pulled: nothing it carries may make mlx write
/// into `.git` (hooks run code), into `.mlx` (config redirects pushes, the cache trusts names),
/// or anywhere outside the work tree. Each case is a real attacker's clone: data pushed to a
/// folder remote, the pointer, manifest, lock or link then edited by hand and committed.
@Suite struct HostileRepositoryTests {
    let project: RemoteTestProject
    /// A folder outside the work tree standing for the victim's home.
    let home: String

    init() throws {
        project = try RemoteTestProject()
        home = project.root.appending("home")
        try project.root.write("home/.ssh/authorized_keys", "the victim's key\n")
        try project.write("payload", Array("#!/bin/sh\necho pwned > /tmp/mlx-pwned\n".utf8))
        try project.mlx(["add", "payload"])
        try project.mlx(["push"])
    }

    /// Files (with contents) where a hostile write would land: the clone's `.git` (without
    /// objects, which cloning wrote), its `.mlx` config files, and the victim's home.
    func guarded(_ clone: String) throws -> [String: String] {
        let listing = try Shell.check("""
            cd '\(clone)' && find .git .mlx -path .git/objects -prune -o -path .mlx/cache -prune -o -path .mlx/tmp -prune \
              -o -type f -print | sort | xargs sha256sum; cd '\(home)' && find . -type f | sort | xargs sha256sum
            """)
        return Dictionary(uniqueKeysWithValues: listing.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[1]), String(parts[0]))
        })
    }

    /// Commits the project, clones it, pulls (and checks out with --force) in the clone, and
    /// expects each to fail with `needle` on its first line while the guarded files stay as they were.
    func expectPullRefused(_ needle: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try project.sh("git add -A && git commit -qm hostile")
        let clone = try project.clone("victim-\(UUID().uuidString.prefix(8))")
        let before = try guarded(clone)
        for command in [["pull"], ["pull", "--force"], ["checkout", "--force"]] {
            let result = try MLXBinary.run(command, in: clone)
            #expect(result.status == 1, "\(command): exit \(result.status)", sourceLocation: sourceLocation)
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("mlx: error: ") && first.contains(needle), "\(command): \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try guarded(clone) == before, "a hostile write landed", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: clone + "/.mlx/config.local"), sourceLocation: sourceLocation)
    }

    func pointer(path: String, oid: String, size: Int, extra: String = "") -> String {
        "outs:\n- path: \(path)\n  hash: blake3\n  oid: \(oid)\n  size: \(size)\n\(extra)"
    }

    var payloadOid: String {
        get throws { try Shell.check("cd '\(project.path)' && b3sum --no-names payload").trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test(arguments: [
        ".git/hooks/post-checkout", ".GIT/hooks/post-checkout", "sub/.Git/config", ".mlx/config.local",
        ".mlx/cache/files/blake3/00/new", "x/.MLX/y",
    ])
    func pointerPathsIntoGitOrMlxAreRefusedNamingFileAndLine(path: String) throws {
        let oid = try payloadOid
        try project.sh("rm payload.mlx")
        try project.write("evil.mlx", Array(pointer(path: path, oid: oid, size: 38, extra: "  isexec: true\n").utf8))
        try expectPullRefused("evil.mlx:2:")
    }

    @Test func manifestEntriesIntoGitAreRefused() throws {
        let oid = try payloadOid
        // A folder `hookdir` whose manifest names `.git/hooks/pre-commit`: a nested repository's
        // hooks run as soon as someone works in it.
        let manifest = "[{\"isexec\":true,\"oid\":\"\(oid)\",\"relpath\":\".git/hooks/pre-commit\",\"size\":38}]"
        try project.root.write("manifest", manifest)
        let manifestOid = try Shell.check("cd '\(project.root.path)' && b3sum --no-names manifest").trimmingCharacters(in: .whitespacesAndNewlines)
        try project.root.write("store/files/blake3/\(manifestOid.prefix(2))/\(manifestOid.dropFirst(2)).dir", manifest)
        try project.sh("rm payload.mlx")
        try project.write("hookdir.mlx", Array(pointer(path: "hookdir", oid: manifestOid + ".dir", size: 38, extra: "  nfiles: 1\n").utf8))
        try expectPullRefused("`.git`")
    }

    @Test func lockOutputsIntoGitAreRefused() throws {
        let oid = try payloadOid
        try project.sh("rm payload.mlx")
        try project.write("mlx.yaml", Array("stages:\n  build:\n    cmd: echo hi\n    outs: [out.bin]\n".utf8))
        try project.write("mlx.lock", Array("""
            schema: '1.0'
            stages:
              build:
                cmd: echo hi
                outs:
                - path: .git/hooks/post-merge
                  hash: blake3
                  oid: \(oid)
                  size: 38
                  isexec: true

            """.utf8))
        try expectPullRefused("mlx.lock:6:13: `path` .git/hooks/post-merge: path names `.git`")
    }

    @Test func stageOutputsIntoGitOrMlxAreRefusedInAnyCase() throws {
        try project.write("mlx.yaml", Array("stages:\n  build:\n    cmd: echo hi > .Git/hooks/x\n    outs: [.Git/hooks/x]\n".utf8))
        let result = try MLXBinary.run(["repro"], in: project.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: mlx.yaml:4:"), "\(result.stderr)")
        #expect(result.stderr.contains("`.Git`"), "\(result.stderr)")
    }

    @Test func anIgnoredSymlinkedFolderInsideATrackedDirectoryIsNeverWrittenThrough() throws {
        try project.write("data/keys/authorized_keys", Array("the attacker's key\n".utf8))
        try project.write("data/other.txt", Array("harmless\n".utf8))
        try project.mlx(["add", "data"])
        try project.mlx(["push"])
        // The link is committed to git (forced past data/.gitignore) and hidden from mlx's walks.
        try project.sh("""
            rm -rf data/keys && ln -s '\(home)/.ssh' data/keys && printf 'data/keys\\n' > .mlxignore \
              && git add -f data/keys .mlxignore
            """)
        try expectPullRefused("data/keys: is a symlink inside a tracked directory")
        #expect(try String(contentsOfFile: home + "/.ssh/authorized_keys", encoding: .utf8) == "the victim's key\n")
    }

    @Test func aPointerBeyondASymlinkedFolderIsRefused() throws {
        let oid = try payloadOid
        try project.sh("rm payload.mlx && ln -s '\(home)/.ssh' out")
        try project.write("evil.mlx", Array(pointer(path: "out/authorized_keys", oid: oid, size: 38).utf8))
        try expectPullRefused("out/authorized_keys: path leads out of the project through a symlink")
    }

    @Test func removeOutsDoesNotDeleteThroughASymlinkLeadingOut() throws {
        let oid = try payloadOid
        try project.sh("ln -s '\(home)/.ssh' out")
        try project.write("evil.mlx", Array(pointer(path: "out/authorized_keys", oid: oid, size: 38).utf8))
        let result = try MLXBinary.run(["remove", "--outs", "evil.mlx"], in: project.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("leads out of the project through a symlink"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/.ssh/authorized_keys"))
        #expect(FileManager.default.fileExists(atPath: project.path + "/evil.mlx"))
    }

    @Test func symlinksIntoGitOrMlxAreNotTracked() throws {
        try project.sh("mkdir -p data && ln -s ../.git/config data/config && ln -s .mlx/config cfg")
        try project.write("data/real.txt", Array("x\n".utf8))
        for target in ["data", "cfg"] {
            let result = try MLXBinary.run(["add", target], in: project.path)
            #expect(result.status == 1, "\(target)")
            #expect(result.stderr.hasPrefix("mlx: error: "), "\(result.stderr)")
            #expect(result.stderr.contains(".git") || result.stderr.contains(".mlx"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: project.path + "/\(target).mlx"))
        }
    }

    @Test func aNestedRepositoryInsideATrackedFolderIsNotData() throws {
        try project.write("data/set/a.txt", Array("a\n".utf8))
        try project.sh("cd data/set && git init -q . && git add a.txt")
        try project.mlx(["add", "data/set"])
        let listing = try project.mlx(["ls", "-R", "data"]).stdout
        #expect(listing.contains("a.txt"))
        #expect(!listing.lowercased().contains(".git"), "\(listing)")
    }
}
