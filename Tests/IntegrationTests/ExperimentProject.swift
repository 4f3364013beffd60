import Foundation
import MLXTestSupport
import Testing

/// A committed mlx project with one `train` stage that reads `train.lr` and `train.epochs` from
/// params.yaml, writes `model.txt` (cached) and `metrics.json` (in git), and logs each run to
/// `log.txt` (ignored by git), for the experiment tests.
struct ExperimentProject {
    let repo: TemporaryDirectory
    /// The commit experiments are based on.
    let head: String

    static let pipeline = """
        stages:
          train:
            cmd: echo train >> log.txt && grep -A2 train params.yaml > model.txt && printf '{"score":%s}\\n' "$(wc -c < model.txt)" > metrics.json
            params: [train.lr, train.epochs]
            outs: [model.txt]
            metrics:
              - metrics.json:
                  cache: false

        """

    static let params = """
        # tuned by hand
        train:
          lr: 0.1  # learning rate
          epochs: 3

        """

    init(_ extra: [String: String] = [:]) throws {
        repo = try TemporaryDirectory.gitRepository("mlx-exp")
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try repo.write("mlx.yaml", Self.pipeline)
        try repo.write("params.yaml", Self.params)
        try repo.write(".gitignore", "log.txt\n")
        for (path, text) in extra { try repo.write(path, text) }
        head = try repo.commit("start")
    }

    var path: String { repo.path }

    @discardableResult
    func mlx(_ arguments: String...) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: repo.path)
    }

    func text(_ relative: String) -> String? {
        repo.bytes(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The stage runs logged since the last call; clears the log.
    func runs() throws -> Int {
        let count = (text("log.txt") ?? "").split(separator: "\n").count
        try repo.write("log.txt", "")
        return count
    }

    /// `git for-each-ref refs/exps/` as "name commit" lines.
    func experimentRefs() throws -> [String] {
        try repo.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/exps/").split(separator: "\n").map(String.init)
    }

    /// The file `relative` as the commit `revision` holds it.
    func show(_ revision: String, _ relative: String) throws -> String {
        try repo.git("show", "\(revision):\(relative)")
    }
}
