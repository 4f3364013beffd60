import Foundation
import MLXTestSupport
import Testing

/// Stage commands run as DVC runs them: with `$SHELL` when set, else `/bin/sh`, and a `cmd: |`
/// block stops at its first failing line instead of reporting only the last line's status.
@Suite struct StageShellTests {
    @Test func aMultiLineCommandStopsAtItsFirstFailingLine() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  train:\n    cmd: |\n      false\n      echo reached > reached.txt\n      echo model > model.txt\n    deps: [in.txt]\n    outs: [model.txt]\n",
            "in.txt": "x\n",
        ])
        let result = try project.mlx("repro")
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stderr.contains("stage 'train' failed: command exited with status 1"), "\(result.stderr)")
        #expect(project.text("reached.txt") == nil)
        #expect(project.text("mlx.lock") == nil)
    }

    @Test func theUsersShellRunsTheCommandAndShIsTheFallback() throws {
        let project = try PipelineProject([
            "mlx.yaml": "stages:\n  probe:\n    cmd: '[[ -n \"$BASH_VERSION\" ]] && echo bash > shell.txt || echo other > shell.txt'\n    outs: [shell.txt]\n",
        ])
        let bash = try MLXBinary.run(["repro"], in: project.path, environment: ["SHELL": "/bin/bash"])
        #expect(bash.status == 0, "\(bash.stderr)")
        #expect(project.text("shell.txt") == "bash\n")
        // Without SHELL, /bin/sh (dash on Debian) has no BASH_VERSION.
        let sh = try MLXBinary.run(["repro"], in: project.path, environment: ["SHELL": ""])
        #expect(sh.status == 0, "\(sh.stderr)")
        #expect(project.text("shell.txt") == "other\n")
    }
}
