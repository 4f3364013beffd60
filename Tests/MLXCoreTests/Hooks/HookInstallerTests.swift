import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct HookInstallerTests {
    let root: TemporaryDirectory
    let installer: HookInstaller

    init() throws {
        root = TemporaryDirectory("mlx-hooks")
        try FileManager.default.createDirectory(atPath: root.appending(".mlx"), withIntermediateDirectories: true)
        installer = HookInstaller(hooksDirectory: root.appending(".git/hooks"), workTreeRoot: root.path)
    }

    private func permissions(_ relative: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: root.appending(relative))
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    private func text(_ relative: String) -> String? {
        root.bytes(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func installCreatesTheFolderAndThreeExecutableMarkedHooks() throws {
        let report = try installer.install()
        #expect(report.entries.map(\.action) == [.created, .created, .created])
        #expect(report.entries.map(\.path) == [".git/hooks/pre-commit", ".git/hooks/post-checkout", ".git/hooks/pre-push"])
        #expect(report.foreignHooksError == nil)
        for hook in GitHook.allCases {
            let script = try #require(text(".git/hooks/\(hook.name)"))
            #expect(script.hasPrefix("#!/bin/sh\n\(HookInstaller.marker)"))
            #expect(script.contains("command -v mlx"))
            #expect(script.contains("'mlx: not found on PATH; install mlx or remove .git/hooks/\(hook.name)'"))
            #expect(try permissions(".git/hooks/\(hook.name)") == 0o755)
        }
        #expect(text(".git/hooks/pre-commit")?.contains("mlx status --data --exit-code") == true)
        #expect(text(".git/hooks/post-checkout")?.contains("[ \"$3\" = 1 ] || exit 0\n") == true)
        #expect(text(".git/hooks/post-checkout")?.contains("exec mlx checkout --quiet\n") == true)
        #expect(text(".git/hooks/pre-push")?.contains("exec mlx push --hook \"$@\"\n") == true)
    }

    @Test func secondInstallChangesNothingAndAnOutdatedOwnHookIsRewritten() throws {
        try installer.install()
        #expect(try installer.install().entries.map(\.action) == [.unchanged, .unchanged, .unchanged])

        try root.write(".git/hooks/pre-push", "#!/bin/sh\n\(HookInstaller.marker) from an older mlx\nmlx push\n")
        chmod(root.appending(".git/hooks/pre-push"), 0o755)
        chmod(root.appending(".git/hooks/pre-commit"), 0o644)
        let report = try installer.install()
        #expect(report.entries.map(\.action) == [.updated, .unchanged, .updated])
        #expect(text(".git/hooks/pre-push") == installer.script(for: .prePush))
        #expect(try permissions(".git/hooks/pre-commit") == 0o755)
    }

    @Test func foreignHooksAndSymlinksAreLeftAloneAndReported() throws {
        let foreign = "#!/bin/sh\necho mine\n"
        try root.write(".git/hooks/pre-commit", foreign)
        try root.write("elsewhere/hook", "#!/bin/sh\n\(HookInstaller.marker)\n")
        try FileManager.default.createSymbolicLink(
            atPath: root.appending(".git/hooks/pre-push"), withDestinationPath: root.appending("elsewhere/hook"))

        let report = try installer.install()
        #expect(report.entries.map(\.action) == [.foreign, .created, .foreign])
        #expect(report.foreignHooksError == .foreignHooks([".git/hooks/pre-commit", ".git/hooks/pre-push"]))
        #expect(text(".git/hooks/pre-commit") == foreign)
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: root.appending(".git/hooks/pre-push"))
        #expect(link == root.appending("elsewhere/hook"))

        let uninstall = try installer.uninstall()
        #expect(uninstall.entries.map(\.action) == [.foreign, .removed, .foreign])
        #expect(text(".git/hooks/pre-commit") == foreign)
        #expect(!root.exists(".git/hooks/post-checkout"))
    }

    @Test func uninstallWithoutHooksReportsThemAbsent() throws {
        #expect(try installer.uninstall().entries.map(\.action) == [.absent, .absent, .absent])
    }

    @Test func hooksOutsideTheWorkTreeNameTheirAbsolutePath() throws {
        let shared = TemporaryDirectory("mlx-shared-hooks")
        let outside = HookInstaller(hooksDirectory: shared.path, workTreeRoot: root.path)
        #expect(outside.displayPath(of: .preCommit) == shared.path + "/pre-commit")
        #expect(outside.script(for: .preCommit).contains("remove \(shared.path)/pre-commit'"))
    }

    @Test func quotesAPathWithASingleQuoteForTheShell() {
        let script = GitHook.preCommit.script(displayPath: "it's/pre-commit")
        #expect(script.contains(#"echo 'mlx: not found on PATH; install mlx or remove it'\''s/pre-commit' >&2"#))
    }

    @Test func installNeedsAProjectAtTheRootButUninstallDoesNot() throws {
        try installer.install()
        try FileManager.default.removeItem(atPath: root.appending(".mlx"))
        #expect(throws: ProjectError.notAProject(root.path)) { try installer.install() }
        #expect(try installer.uninstall().entries.map(\.action) == [.removed, .removed, .removed])
    }

    @Test func takesTheHooksFolderFromSourceControl() throws {
        let control = MemorySourceControl(workTreeRoot: root.path, hooks: root.appending("custom-hooks"))
        let installer = try HookInstaller(sourceControl: control)
        #expect(installer.hooksDirectory == root.appending("custom-hooks"))
        #expect(installer.displayPath(of: .prePush) == "custom-hooks/pre-push")
    }
}
