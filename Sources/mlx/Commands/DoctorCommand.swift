import ArgumentParser
import MLXCore
import MLXGit
import MLXRemote

/// `mlx doctor`: what mlx runs with here, and what works.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show versions, the project and cache, which link types work here, git and hooks.",
        discussion: """
            Works outside a project too. Link types are probed with small files in .mlx/tmp, \
            which are removed again. Exits 1 when it finds a problem that will make mlx fail, \
            such as a cache.type none of whose link types works on this file system.
            """
    )

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.effective
        let found = try? Project.find(from: options.directory)
        if let found { ProjectContext.keepLocalConfigPrivate(found) }
        let project = try found.map(ProjectContext.withConfiguredCache)
        let cacheType: Result<String?, any Error> = project.map { project in
            Result { try MLXConfig(projectRoot: project.root).string("cache.type") }
        } ?? .success(nil)
        let repository: Result<any SourceControl, any Error> = Result {
            try GitRepository.discover(from: project?.root ?? options.directory)
        }
        let report = DoctorOperation(
            project: project, cacheTypeSetting: cacheType, sourceControl: repository,
            libraries: ["libgit2": GitLibrary.version, "libcurl": CurlLibrary.version]
        ).run()
        if json {
            try Console.printJSON(report)
        } else {
            Self.render(report)
        }
        if !report.problems.isEmpty { throw ExitCode.failure }
    }

    static func render(_ report: DoctorReport) {
        var lines: [(String, String)] = [
            ("mlx", report.version),
            ("blake3 simd", report.simd),
            ("libgit2", report.libraries["libgit2"] ?? "unknown"),
            ("libcurl", report.libraries["libcurl"] ?? "unknown"),
            ("project", report.project ?? "none (not inside an mlx project)"),
        ]
        if let cache = report.cache {
            let objects = cache.objects == 1 ? "1 object" : "\(cache.objects) objects"
            lines.append(("cache", "\(cache.path) (\(objects), \(ByteCount.format(cache.bytes)))"))
        }
        lines.append(("cache.type", report.cacheType.map(\.rawValue).joined(separator: ",")))
        for probe in report.linkTypes {
            lines.append(("link \(probe.type.rawValue)", probe.works ? "works" : "fails (\(probe.detail ?? "unknown reason"))"))
        }
        if let git = report.git {
            lines.append(("git", git.workTree))
            lines.append(("hooks dir", git.hooksDirectory ?? "unknown"))
            for name in DoctorOperation.hookNames {
                let state = git.hooks[name].map { state -> String in
                    switch state {
                    case .mlx: return "installed"
                    case .foreign: return "foreign hook (not mlx's)"
                    case .absent: return "not installed"
                    }
                } ?? "unknown"
                lines.append(("hook \(name)", state))
            }
            if !git.hooksInstalled {
                lines.append(("hooks", "not all installed ('mlx install' writes them)"))
            }
        } else {
            lines.append(("git", "none (\(report.gitError ?? "no repository found"))"))
        }
        let width = lines.map { $0.0.count }.max() ?? 0
        for (key, value) in lines {
            Console.out((key + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
        }
        for problem in report.problems { Console.out("problem: \(problem)") }
    }
}
