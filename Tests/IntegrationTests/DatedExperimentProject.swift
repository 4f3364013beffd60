import Foundation
import MLXTestSupport

/// A pipeline project with a baseline commit on `main` and experiments saved the way
/// `exp run` saves them (a commit whose parent is the baseline, under `refs/exps/…`), made
/// with git plumbing at fixed dates so that oids and the Created column are the same each run.
///
/// `main` (Jan 02, 2024): lr 0.1 → acc 0.6, loss 0.4. `exp-a` (Jan 03): lr 0.2 → acc 0.7,
/// loss 0.3. `exp-b` (Jan 04): lr 0.3 and new data → acc 0.8, loss 0.2. The workspace has lr
/// 0.5, not reproduced.
struct DatedExperimentProject {
    let project: PipelineProject
    let main: String
    var experiments: [String: String] = [:]

    static let pipeline = """
        stages:
          train:
            cmd: cp result.json metrics.json
            deps: [data.txt, result.json]
            params: [train.lr, train.epochs]
            metrics:
              - metrics.json:
                  cache: false

        """

    static func params(lr: String) -> String { "train:\n  lr: \(lr)\n  epochs: 3\nseed: 1\n" }

    init() throws {
        project = try PipelineProject([
            "mlx.yaml": Self.pipeline,
            "params.yaml": Self.params(lr: "0.1"),
            "data.txt": "a\n",
            "result.json": "{\"acc\": 0.6, \"loss\": 0.4}\n",
            ".mlx/.gitignore": "/cache/\n/tmp/\n",
        ])
        try Self.check(project.mlx("repro"))
        try Self.git("git add -A && git commit -qm baseline", in: project.path, date: "2024-01-02T10:00:00Z")
        main = try Self.git("git rev-parse HEAD", in: project.path, date: "2024-01-02T10:00:00Z")
        try save("exp-a", lr: "0.2", result: "{\"acc\": 0.7, \"loss\": 0.3}\n", date: "2024-01-03T10:00:00Z")
        try save("exp-b", lr: "0.3", result: "{\"acc\": 0.8, \"loss\": 0.2}\n", data: "b\n", date: "2024-01-04T10:00:00Z")
        try project.write("params.yaml", Self.params(lr: "0.5"))
    }

    var path: String { project.path }

    /// Runs mlx with the time zone fixed, so Created reads the same everywhere.
    func mlx(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: project.path, environment: ["TZ": "UTC"].merging(environment) { $1 })
    }

    /// Reproduces the changed workspace, records it as experiment `name` based on HEAD at
    /// `date` (with `edits` made after the run), and puts the workspace back to HEAD.
    mutating func save(_ name: String, lr: String, result: String, data: String? = nil, date: String,
                       edits: [String: String] = [:]) throws {
        try project.write("params.yaml", Self.params(lr: lr))
        try project.write("result.json", result)
        if let data { try project.write("data.txt", data) }
        try Self.check(project.mlx("repro"))
        for (path, text) in edits { try project.write(path, text) }
        experiments[name] = try Self.record(name, in: project.path, date: date)
        try Self.git("git checkout -q HEAD -- .", in: project.path, date: date)
    }

    /// Commits the workspace as a child of HEAD under `refs/exps/` without moving HEAD, the
    /// branch or the index; returns the commit.
    @discardableResult
    static func record(_ name: String, in path: String, date: String, namespace: String? = nil) throws -> String {
        let base = try git("git rev-parse HEAD", in: path, date: date)
        let ref = namespace ?? "refs/exps/\(base.prefix(2))/\(base.dropFirst(2))/\(name)"
        return try git("""
            export GIT_INDEX_FILE=.git/exp-index && git read-tree HEAD && git add -A && \
            commit=$(git commit-tree $(git write-tree) -p HEAD -m 'mlx exp: \(name)') && \
            git update-ref \(ref) $commit && rm .git/exp-index && echo $commit
            """, in: path, date: date)
    }

    @discardableResult
    static func git(_ script: String, in path: String, date: String) throws -> String {
        let result = try Shell.run(script, in: path, environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        guard result.status == 0 else { throw ShellError(message: "'\(script)' failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func check(_ result: ProcessResult) throws {
        guard result.status == 0 else { throw ShellError(message: "mlx failed: \(result.stderr)") }
    }
}
