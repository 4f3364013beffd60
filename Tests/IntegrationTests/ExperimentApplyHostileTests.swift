import Foundation
import MLXTestSupport
import Testing

/// An experiment can come from someone else's git remote (`mlx exp pull`): its tree is hostile.
@Suite struct ExperimentApplyHostileTests {
    @Test func anExperimentNamingAPathInsideGitIsRefusedBeforeAnyFileIsWritten() throws {
        let project = try ExperimentProject()
        let root = project.path
        // A tree with a harmless params.yaml change and, sorting after it, `zz/.git/hooks/post-checkout`,
        // made by plumbing (git's porcelain would not commit such a path).
        let sh = { (script: String) throws -> String in
            let result = try Shell.run(script, in: root)
            #expect(result.status == 0, "\(script): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let params = try sh("printf 'train:\\n  lr: 0.9\\n  epochs: 3\\n' | git hash-object -w --stdin")
        let hook = try sh("printf '#!/bin/sh\\necho pwned\\n' | git hash-object -w --stdin")
        let hooks = try sh("printf '100755 blob \(hook)\\tpost-checkout\\n' | git mktree")
        let dotGit = try sh("printf '040000 tree \(hooks)\\thooks\\n' | git mktree")
        let zz = try sh("printf '040000 tree \(dotGit)\\t.git\\n' | git mktree")
        let tree = try sh("(git ls-tree HEAD | grep -v '\\tparams.yaml$'; "
            + "printf '100644 blob \(params)\\tparams.yaml\\n040000 tree \(zz)\\tzz\\n') | git mktree")
        let commit = try sh("git commit-tree \(tree) -p HEAD -m 'mlx exp: evil'")
        _ = try sh("git update-ref refs/exps/\(project.head.prefix(2))/\(project.head.dropFirst(2))/evil \(commit)")
        let paramsBefore = project.text("params.yaml")

        let result = try project.mlx("exp", "apply", "evil")

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("zz/.git/hooks/post-checkout"), "\(result.stderr)")
        #expect(project.text("params.yaml") == paramsBefore)
        #expect(project.text("zz/.git/hooks/post-checkout") == nil)
    }
}
