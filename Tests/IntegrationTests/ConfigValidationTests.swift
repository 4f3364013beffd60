import Foundation
import MLXTestSupport
import Testing

/// `mlx config` and `mlx remote modify` refuse keys mlx does not know and values their key does
/// not accept, and a hand-edited file's mistakes are reported at their file and line.
@Suite struct ConfigValidationTests {
    let project: RemoteTestProject

    init() throws {
        project = try RemoteTestProject()
    }

    private var configFile: String { project.path + "/.mlx/config" }

    private func configText() throws -> String {
        try String(contentsOfFile: configFile, encoding: .utf8)
    }

    private func mlx(_ arguments: String...) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: project.path)
    }

    @Test func aMistypedKeyIsRefusedWithTheKeyItResembles() throws {
        let before = try configText()
        let result = try mlx("config", "cache.typ", "x")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            mlx: error: unknown config key 'cache.typ'; did you mean cache.type?
            hint: mlx-config(5) lists every key mlx knows

            """)
        let unknown = try mlx("config", "cache.location", "/srv/cache")
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("mlx: error: unknown config key 'cache.location'\n"))
        #expect(try configText() == before)
    }

    @Test func aBadValueIsRefusedNamingTheAllowedOnes() throws {
        let before = try configText()
        let linkType = try mlx("config", "cache.type", "hardlnk")
        #expect(linkType.status == 1)
        #expect(linkType.stderr == "mlx: error: invalid value 'hardlnk' for cache.type: 'hardlnk' is not one of "
            + "reflink, hardlink, symlink, copy (write a comma-separated list)\n")
        let jobs = try mlx("config", "remote.store.jobs", "0")
        #expect(jobs.status == 1 && jobs.stderr == "mlx: error: invalid value '0' for remote.store.jobs: must be at least 1\n")
        let scheme = try mlx("config", "remote.store.url", "gs://bucket")
        #expect(scheme.status == 1 && scheme.stderr.contains("unsupported scheme 'gs://'"))
        #expect(try configText() == before)
        #expect(try mlx("config", "cache.type", "hardlink,copy").status == 0)
        #expect(try configText().contains("\ttype = hardlink,copy\n"))
    }

    @Test func remoteModifyGoesThroughTheSameChecks() throws {
        let before = try configText()
        let jobs = try mlx("remote", "modify", "store", "jobs", "zero")
        #expect(jobs.status == 1)
        #expect(jobs.stderr == "mlx: error: invalid value 'zero' for remote.store.jobs: expected an integer of at least 1\n")
        let tls = try mlx("remote", "modify", "store", "ssl_verify", "sometimes")
        #expect(tls.status == 1 && tls.stderr.contains("expected true or false"))
        let size = try mlx("remote", "modify", "store", "part_size", "1MiB")
        #expect(size.status == 1 && size.stderr.contains("must be at least 5MiB"))
        #expect(try configText() == before)
        #expect(try mlx("remote", "modify", "store", "retries", "0").status == 0)
    }

    @Test func secretsAreStillRefusedInTheCommittedFile() throws {
        let before = try configText()
        let result = try mlx("config", "remote.store.session_token", "tok")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("mlx: error: refusing to write the secret 'remote.store.session-token' to \(configFile)"))
        #expect(try configText() == before)
        #expect(try mlx("config", "--local", "remote.store.session_token", "tok").status == 0)
    }

    @Test func aHandEditedUnknownKeyIsAWarningAtItsLineFromEveryCommandThatReadsTheConfig() throws {
        try project.write(".mlx/config", Array("[core]\n\tremote = store\n[cache]\n\ttyp = copy\n[remote \"store\"]\n\turl = ../store\n".utf8))
        try project.write("x.bin", Array("data".utf8))
        let warning = "mlx: warning: \(configFile):4: unknown config key 'cache.typ'; did you mean cache.type?\n"
        for arguments in [["add", "x.bin"], ["push"], ["remote", "list"]] {
            let result = try MLXBinary.run(arguments, in: project.path)
            #expect(result.status == 0, "mlx \(arguments): \(result.stderr)")
            #expect(result.stderr.components(separatedBy: warning).count == 2, "mlx \(arguments): \(result.stderr)")
        }
        // Listing and unsetting do not check, so the file can be looked at and mended.
        let list = try mlx("config", "--list")
        #expect(list.status == 0 && list.stderr.isEmpty && list.stdout.contains("cache.typ=copy\n"))
        #expect(try mlx("config", "--unset", "cache.typ").status == 0)
        #expect(try mlx("remote", "list").stderr.isEmpty)
    }

    @Test func aHandEditedBadValueStopsTheCommandThatReadsItAtItsLine() throws {
        try project.write("x.bin", Array("data".utf8))
        try project.mlx(["add", "x.bin"])
        try project.write(".mlx/config", Array("[core]\n\tremote = store\n[remote \"store\"]\n\turl = ../store\n\tjobs = 0\n".utf8))
        let push = try mlx("push")
        #expect(push.status == 1)
        #expect(push.stderr == "mlx: error: \(configFile):5: invalid value '0' for remote.store.jobs: must be at least 1\n")
        #expect(!FileManager.default.fileExists(atPath: project.store))

        try project.write(".mlx/config", Array("[cache]\n\ttype = hardlnk\n".utf8))
        try FileManager.default.removeItem(atPath: project.path + "/x.bin")
        let checkout = try mlx("checkout", "x.bin")
        #expect(checkout.status == 1)
        #expect(checkout.stderr.hasPrefix("mlx: error: \(configFile):2: invalid value 'hardlnk' for cache.type: "))
        #expect(!FileManager.default.fileExists(atPath: project.path + "/x.bin"))
    }
}
