import Foundation
import MLXTestSupport
import Testing

/// Pipeline outputs and the run cache through a folder remote, between two git clones.
///
/// Stage commands append their stage's name to `log.txt` (gitignored, no stage's dependency or
/// output), so a test sees exactly which commands ran in which clone.
@Suite struct RunCacheRemoteTests {
    static let pipeline = """
        stages:
          prepare:
            cmd: echo prepare >> log.txt && mkdir -p data/prepared && sort raw.txt > data/prepared/sorted.txt && wc -l < raw.txt > data/prepared/count.txt
            deps: [raw.txt]
            params: [prepare.seed]
            outs: [data/prepared]
          train:
            cmd: echo train >> log.txt && cat data/prepared/sorted.txt data/prepared/count.txt params.yaml > model.bin && printf '{"lines":%s}\\n' "$(wc -l < model.bin)" > metrics.json
            deps: [data/prepared, params.yaml]
            outs: [model.bin]
            metrics:
              - metrics.json:
                  cache: false

        """

    /// Project `a` with the pipeline and its inputs (nothing run, nothing committed).
    static func makeProject() throws -> RemoteTestProject {
        let project = try RemoteTestProject()
        try project.root.write("a/mlx.yaml", pipeline)
        try project.root.write("a/raw.txt", "pear\napple\nfig\n")
        try project.root.write("a/params.yaml", "prepare:\n  seed: 7\n")
        try project.root.write("a/.gitignore", "/log.txt\n")
        return project
    }

    static func log(_ folder: String) -> [String] {
        ((try? String(contentsOfFile: folder + "/log.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func reproPullInAFreshCloneRestoresEveryStageFromTheRemoteRunCache() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        #expect(RunCacheRemoteTests.log(project.path) == ["prepare", "train"])
        let push = try project.mlx(["push", "--run-cache"])
        #expect(push.stdout.contains("pushed 2 run-cache entries (0 already on the remote)"), "\(push.stdout)")
        // mlx.lock stays behind: the clone must write its own.
        try project.sh("git add -A ':!mlx.lock' && git commit -qm pipeline")

        let clone = try project.clone()
        #expect(!FileManager.default.fileExists(atPath: clone + "/.mlx/cache"))
        let repro = try project.mlx(["repro", "--pull"], in: clone)
        #expect(repro.stdout.contains("stage 'prepare': restored from run cache (remote 'store')"), "\(repro.stdout)")
        #expect(repro.stdout.contains("stage 'train': restored from run cache (remote 'store')"), "\(repro.stdout)")
        #expect(!repro.stdout.contains("running"))
        #expect(RunCacheRemoteTests.log(clone).isEmpty)
        try RemoteTestProject.sh("diff -r a/data/prepared b/data/prepared && cmp a/model.bin b/model.bin && cmp a/metrics.json b/metrics.json && cmp a/mlx.lock b/mlx.lock",
                                 in: project.root.path)
        #expect(FileManager.default.fileExists(atPath: clone + "/.mlx/cache/runs"))

        // Up to date now, without the remote.
        let again = try project.mlx(["repro"], in: clone)
        #expect(again.stdout == "stage 'prepare': skipped (unchanged)\nstage 'train': skipped (unchanged)\n")

        // A second push finds the entries there and uploads nothing.
        let second = try project.mlx(["push", "--run-cache"])
        #expect(second.stdout.contains("pushed 0 files"))
        #expect(second.stdout.contains("pushed 0 run-cache entries (2 already on the remote)"))
    }

    @Test func fetchRunCacheFillsTheLocalRunCacheSoReproNeedsNoRemote() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        try project.mlx(["push", "--run-cache"])
        try project.sh("git add -A ':!mlx.lock' && git commit -qm pipeline")

        let clone = try project.clone()
        let fetch = try project.mlx(["fetch", "--run-cache"], in: clone)
        #expect(fetch.stdout.contains("fetched 2 run-cache entries (0 already in the cache)"), "\(fetch.stdout)")
        let repro = try project.mlx(["repro"], in: clone)
        #expect(repro.stdout.contains("stage 'prepare': restored from run cache\n"))
        #expect(repro.stdout.contains("stage 'train': restored from run cache\n"))
        #expect(RunCacheRemoteTests.log(clone).isEmpty)
        try RemoteTestProject.sh("cmp a/model.bin b/model.bin && cmp a/mlx.lock b/mlx.lock", in: project.root.path)
        let twice = try project.mlx(["fetch", "--run-cache"], in: clone)
        #expect(twice.stdout.contains("fetched 0 run-cache entries (2 already in the cache)"))
    }

    @Test func pullFetchesAndChecksOutTheOutputsTheCommittedLockRecords() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        try project.mlx(["push"])
        // Stage outputs count for status --cloud too; the cache: false metric is not expected on the remote.
        let cloud = try MLXBinary.run(["status", "--cloud", "--exit-code"], in: project.path)
        #expect(cloud.status == 0, "\(cloud.stdout)\(cloud.stderr)")
        try project.sh("git add -A && git commit -qm pipeline")
        // The cache: false metric is in git, not on the remote.
        let metric = String(try project.mlx(["hash", "metrics.json"]).stdout.prefix(64))
        let model = String(try project.mlx(["hash", "model.bin"]).stdout.prefix(64))
        let objects = try project.remoteObjects()
        #expect(objects.contains("files/blake3/\(model.prefix(2))/\(model.dropFirst(2))"))
        #expect(!objects.contains("files/blake3/\(metric.prefix(2))/\(metric.dropFirst(2))"))
        #expect(objects.count == 4) // model.bin, two prepared files, the manifest

        let clone = try project.clone()
        let pull = try project.mlx(["pull"], in: clone)
        #expect(pull.stdout.contains("restored data/prepared (2 files)"), "\(pull.stdout)")
        #expect(pull.stdout.contains("restored model.bin (1 file)"), "\(pull.stdout)")
        #expect(pull.stdout.contains("fetched 4 files"))
        #expect(!pull.stdout.contains("metrics.json"))
        try RemoteTestProject.sh("diff -r a/data/prepared b/data/prepared && cmp a/model.bin b/model.bin", in: project.root.path)
        let repro = try project.mlx(["repro"], in: clone)
        #expect(repro.stdout == "stage 'prepare': skipped (unchanged)\nstage 'train': skipped (unchanged)\n")
        #expect(RunCacheRemoteTests.log(clone).isEmpty)

        // A stage output is a target like a tracked path, even where nothing is on disk yet.
        let other = try project.clone("c")
        let one = try project.mlx(["pull", "model.bin"], in: other)
        #expect(one.stdout.contains("restored model.bin (1 file)"))
        #expect(!FileManager.default.fileExists(atPath: other + "/data/prepared"))
    }

    @Test func gcKeepsWhatALockInScopeNames() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        try project.sh("git add -A && git commit -qm first")
        let firstModel = String(try project.mlx(["hash", "model.bin"]).stdout.prefix(64))
        let modelObject = project.path + "/.mlx/cache/files/blake3/\(firstModel.prefix(2))/\(firstModel.dropFirst(2))"

        let kept = try project.mlx(["gc", "--workspace", "-f"])
        #expect(kept.stdout.contains("Nothing to delete"), "\(kept.stdout)")
        #expect(FileManager.default.fileExists(atPath: modelObject))

        // A new run replaces the outputs; the committed lock still names the first ones.
        try project.root.write("a/params.yaml", "prepare:\n  seed: 8\n")
        try project.mlx(["repro"])
        #expect(RunCacheRemoteTests.log(project.path) == ["prepare", "train", "prepare", "train"])
        let withHistory = try project.mlx(["gc", "--all-commits", "-f"])
        #expect(withHistory.stdout.contains("Nothing to delete"), "\(withHistory.stdout)")
        #expect(FileManager.default.fileExists(atPath: modelObject))

        let workspaceOnly = try project.mlx(["gc", "--workspace", "-f"])
        #expect(workspaceOnly.stdout.contains("delete \(firstModel)"), "\(workspaceOnly.stdout)")
        #expect(!FileManager.default.fileExists(atPath: modelObject))
        // What the workspace's lock names survived: deleting the outputs restores them from the cache.
        try project.sh("chmod -R u+w data model.bin && rm -rf data/prepared model.bin")
        let restored = try project.mlx(["repro"])
        #expect(restored.stdout.contains("stage 'prepare': restored data/prepared from cache"), "\(restored.stdout)")
        #expect(restored.stdout.contains("stage 'train': restored model.bin from cache"), "\(restored.stdout)")
    }

    @Test func aCorruptEntryOnTheRemoteIsRefusedAndTheStageRuns() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        try project.mlx(["push", "--run-cache"])
        try project.sh("git add -A ':!mlx.lock' && git commit -qm pipeline")
        let entries = try RemoteTestProject.sh("cd store && find runs -type f | sort", in: project.root.path).stdout
            .split(separator: "\n").map(String.init)
        #expect(entries.count == 2)
        for entry in entries {
            try RemoteTestProject.sh("chmod u+w store/\(entry) && printf 'schema: 1.0\\nstages: [oops' > store/\(entry)", in: project.root.path)
        }

        let clone = try project.clone()
        let repro = try MLXBinary.run(["repro", "--pull"], in: clone)
        #expect(repro.status == 0, "\(repro.stderr)")
        #expect(repro.stderr.contains("mlx: warning: stage 'prepare': run-cache entry runs/"), "\(repro.stderr)")
        #expect(repro.stderr.contains("on remote 'store': is not a valid run-cache entry"), "\(repro.stderr)")
        #expect(repro.stderr.contains("hint: stage 'prepare' runs instead"))
        #expect(RunCacheRemoteTests.log(clone) == ["prepare", "train"])
        try RemoteTestProject.sh("cmp a/model.bin b/model.bin && cmp a/mlx.lock b/mlx.lock", in: project.root.path)
        // Nothing of the corrupt entries entered the local run cache: the local entries are the runs just made.
        let local = try RemoteTestProject.sh("cd .mlx/cache/runs && find . -type f | sort", in: clone).stdout
        #expect(!local.contains("oops") && local.split(separator: "\n").count == 2)
        for entry in entries {
            let text = try String(contentsOfFile: clone + "/.mlx/cache/" + entry, encoding: .utf8)
            #expect(text.hasPrefix("schema: '1.0'\nstages:\n  run:\n"))
        }

        let fetch = try MLXBinary.run(["fetch", "--run-cache"], in: project.clone("c"))
        #expect(fetch.status == 1)
        #expect(fetch.stderr.contains("is not a valid run-cache entry"))
    }

    @Test func anEntryWhoseObjectsAreGoneFromTheRemoteIsAMissAndTheStageRuns() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["repro"])
        try project.mlx(["push", "--run-cache"])
        try project.sh("git add -A ':!mlx.lock' && git commit -qm pipeline")
        let model = String(try project.mlx(["hash", "model.bin"]).stdout.prefix(64))
        try RemoteTestProject.sh("rm -f store/files/blake3/\(model.prefix(2))/\(model.dropFirst(2))", in: project.root.path)

        let clone = try project.clone()
        let repro = try MLXBinary.run(["repro", "--pull"], in: clone)
        #expect(repro.status == 0, "\(repro.stderr)")
        #expect(repro.stdout.contains("stage 'prepare': restored from run cache (remote 'store')"))
        #expect(repro.stderr.contains("mlx: warning: stage 'train': run-cache entry runs/"), "\(repro.stderr)")
        #expect(repro.stderr.contains("its outputs could not be fetched"), "\(repro.stderr)")
        #expect(RunCacheRemoteTests.log(clone) == ["train"])
        try RemoteTestProject.sh("cmp a/model.bin b/model.bin", in: project.root.path)
    }

    @Test func reproPullWithoutARemoteIsAnError() throws {
        let project = try RunCacheRemoteTests.makeProject()
        try project.mlx(["remote", "remove", "store"])
        let repro = try MLXBinary.run(["repro", "--pull"], in: project.path)
        #expect(repro.status == 1)
        #expect(repro.stderr.contains("mlx: error: no remote is configured"), "\(repro.stderr)")
        #expect(RunCacheRemoteTests.log(project.path).isEmpty)
    }
}
