import Foundation
import MLXTestSupport
import Testing

/// What a command loads at start-up: libcurl and its thirty-odd libraries cost about 6 ms of
/// CPU per run, so only commands that reach a network remote may load them.
@Suite struct StartupTests {
    /// The shared objects the dynamic loader opened while `mlx arguments…` ran (glibc's
    /// `LD_DEBUG=libs` trace on stderr).
    private func loadedLibraries(_ arguments: [String], in directory: String) throws -> (status: Int32, libraries: String) {
        let result = try MLXBinary.run(arguments, in: directory, environment: ["LD_DEBUG": "libs"])
        let opened = result.stderr.split(separator: "\n").filter { $0.contains("calling init:") }
        return (result.status, opened.joined(separator: "\n"))
    }

    @Test func commandsThatStayLocalNeverLoadLibcurl() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "aaa")
        for arguments in [["version"], ["status"], ["add", "a.csv"]] {
            let (status, libraries) = try loadedLibraries(arguments, in: repo.root)
            #expect(status == 0, "\(arguments)")
            #expect(libraries.contains("libgit2"), "the trace should list what was loaded: \(libraries)")
            #expect(!libraries.contains("libcurl"), "mlx \(arguments.joined(separator: " ")) loaded libcurl")
        }
    }

    @Test func aNetworkRemoteLoadsLibcurlWhenUsed() throws {
        let repo = try TrackedRepository()
        try repo.project.trackFile("a.csv", "aaa")
        // An S3 endpoint nothing listens on: the command fails, but only after loading libcurl.
        for setting in [["add", "-d", "store", "s3://bucket/prefix"], ["modify", "store", "endpoint", "http://127.0.0.1:9"],
                        ["modify", "store", "retries", "1"]] {
            #expect(try repo.mlx(["remote"] + setting).status == 0, "\(setting)")
        }
        let result = try MLXBinary.run(["push"], in: repo.root, environment: [
            "LD_DEBUG": "libs", "AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("libcurl.so.4"))
    }
}
