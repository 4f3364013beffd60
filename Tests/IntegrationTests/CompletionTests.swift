import Foundation
import MLXTestSupport
import Testing

/// Shell completion (what `scripts/install.sh` installs) completes file names wherever a command
/// takes paths; without it bash offered nothing after `mlx add `.
@Suite struct CompletionTests {
    @Test(arguments: ["add", "status", "checkout", "commit", "push", "pull", "fetch", "remove", "unprotect", "ls", "hash"])
    func pathArgumentsCompleteFileNamesInBash(command: String) throws {
        let script = try MLXBinary.run(["--generate-completion-script", "bash"], in: FileManager.default.currentDirectoryPath)
        #expect(script.status == 0)
        let body = script.stdout.components(separatedBy: "\n_mlx_\(command)() {").dropFirst().first?.components(separatedBy: "\n}\n").first
        #expect(body?.contains("__mlx_add_completions -f") == true, "\(command): \(body ?? "no function")")
    }

    @Test func zshAndFishScriptsAreGenerated() throws {
        for shell in ["zsh", "fish"] {
            let script = try MLXBinary.run(["--generate-completion-script", shell], in: FileManager.default.currentDirectoryPath)
            #expect(script.status == 0)
            #expect(script.stdout.contains("push"), "\(shell)")
        }
    }
}
