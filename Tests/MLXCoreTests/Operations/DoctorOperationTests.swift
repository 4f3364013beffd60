import Foundation
import Testing
@testable import MLXCore
import MLXTestSupport

@Suite struct DoctorOperationTests {
    private struct NoRepository: Error, CustomStringConvertible {
        var description: String { "not inside a git repository" }
    }

    @Test func outsideAProjectItReportsVersionsAndNoProject() {
        let report = DoctorOperation(project: nil, cacheTypeSetting: .success(nil), sourceControl: .failure(NoRepository()),
                                     libraries: ["libgit2": "1.5.1", "libcurl": "7.88.1"]).run()
        #expect(report.version == MLXCoreVersion.string)
        #expect(!report.simd.isEmpty)
        #expect(report.libraries == ["libgit2": "1.5.1", "libcurl": "7.88.1"])
        #expect(report.project == nil && report.cache == nil && report.linkTypes.isEmpty)
        #expect(report.cacheType == CacheLinkType.defaultOrder)
        #expect(report.git == nil && report.gitError == "not inside a git repository")
        #expect(report.problems.isEmpty)
    }

    @Test func inAProjectItMeasuresTheCacheAndProbesEveryLinkTypeLeavingNothingBehind() throws {
        let fixture = try ListingFixture()
        try fixture.project.trackFile("a.csv", "aaaa")
        try fixture.project.trackDirectory("d", files: ["x": "x"])
        let git = MemorySourceControl(workTreeRoot: fixture.root, hooks: fixture.root + "/hooks")
        let report = DoctorOperation(project: Project(root: fixture.root), cacheTypeSetting: .success("hardlink,copy"),
                                     sourceControl: .success(git), libraries: [:]).run()
        #expect(report.project == fixture.root)
        #expect(report.cache?.path == fixture.root + "/.mlx/cache")
        #expect(report.cache?.objects == 3)
        #expect(report.cacheType == [.hardlink, .copy])
        #expect(report.linkTypes.map(\.type) == CacheLinkType.allCases)
        let works = Dictionary(uniqueKeysWithValues: report.linkTypes.map { ($0.type, $0.works) })
        #expect(works[.copy] == true && works[.hardlink] == true && works[.symlink] == true)
        #expect(report.linkTypes.allSatisfy { $0.works == ($0.detail == nil) })
        #expect(report.problems.isEmpty)
        #expect(try fixture.directory.names(in: ".mlx/tmp") == [])
    }

    @Test func hookStatesTellMlxHooksFromForeignOnes() throws {
        let fixture = try ListingFixture()
        try fixture.directory.write("hooks/pre-commit", "#!/bin/sh\n\(DoctorOperation.hookMarker)\nexec mlx status\n")
        try fixture.directory.write("hooks/pre-push", "#!/bin/sh\necho mine\n")
        let git = MemorySourceControl(workTreeRoot: fixture.root, hooks: fixture.root + "/hooks")
        let report = DoctorOperation(project: Project(root: fixture.root), cacheTypeSetting: .success(nil),
                                     sourceControl: .success(git), libraries: [:]).run()
        let hooks = try #require(report.git)
        #expect(hooks.workTree == fixture.root && hooks.hooksDirectory == fixture.root + "/hooks")
        #expect(hooks.hooks == ["pre-commit": .mlx, "post-checkout": .absent, "pre-push": .foreign])
        #expect(!hooks.hooksInstalled)

        try fixture.directory.write("hooks/pre-push", "#!/bin/sh\n\(DoctorOperation.hookMarker)\n")
        try fixture.directory.write("hooks/post-checkout", "#!/bin/sh\n\(DoctorOperation.hookMarker)\n")
        #expect(DoctorOperation.hookStates(in: fixture.root + "/hooks").values.allSatisfy { $0 == .mlx })
    }

    @Test func badCacheTypeAndUnreadableConfigAreProblems() throws {
        let fixture = try ListingFixture()
        let project = Project(root: fixture.root)
        let bad = DoctorOperation(project: project, cacheTypeSetting: .success("reflink,teleport"),
                                  sourceControl: .failure(NoRepository()), libraries: [:]).run()
        #expect(bad.problems == ["cache.type: unknown link type `teleport`; using the default `reflink,copy`"])
        #expect(bad.cacheType == CacheLinkType.defaultOrder)

        let unreadable = DoctorOperation(project: project, cacheTypeSetting: .failure(NoRepository()),
                                         sourceControl: .failure(NoRepository()), libraries: [:]).run()
        #expect(unreadable.problems == ["cannot read the configuration: not inside a git repository"])
    }

    @Test func aCacheTypeOfOnlyFailingLinkTypesIsAProblem() throws {
        let fixture = try ListingFixture()
        let probes = try DoctorOperation.probeLinkTypes(in: fixture.root + "/.mlx/tmp")
        // Only meaningful where reflink fails (ext4, tmpfs); on btrfs or XFS every type works.
        guard let reflink = probes.first(where: { $0.type == .reflink }), !reflink.works else { return }
        #expect(reflink.detail?.contains("FICLONE") == true)
        let report = DoctorOperation(project: Project(root: fixture.root), cacheTypeSetting: .success("reflink"),
                                     sourceControl: .failure(NoRepository()), libraries: [:]).run()
        #expect(report.problems == ["none of the configured link types `reflink` works here; add `copy` to cache.type"])
    }

    @Test func jsonHasStableKeysWithNullsOutsideAProject() throws {
        let report = DoctorOperation(project: nil, cacheTypeSetting: .success(nil), sourceControl: .failure(NoRepository()),
                                     libraries: ["libgit2": "1.5.1"]).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text == #"{"cache":null,"cache_type":["reflink","copy"],"git":null,"git_error":"not inside a git repository","#
            + #""libraries":{"libgit2":"1.5.1"},"link_types":[],"problems":[],"project":null,"#
            + #""simd":"\#(report.simd)","version":"\#(MLXCoreVersion.string)"}"#)
    }
}
