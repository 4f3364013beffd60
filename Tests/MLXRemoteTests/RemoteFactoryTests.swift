import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

@Suite struct RemoteFactoryTests {
    private func root(_ url: String, projectRoot: String = "/work/project") throws -> String? {
        (try RemoteFactory.make(RemoteSettings(name: "r", url: url), projectRoot: projectRoot) as? LocalRemote)?.root
    }

    private func refusal(_ url: String, projectRoot: String? = "/work/project") -> RemoteConfigurationError? {
        #expect(throws: RemoteConfigurationError.self, "\(url)") {
            try RemoteFactory.validate(RemoteSettings(name: "r", url: url), projectRoot: projectRoot)
        }
    }

    @Test func pathsAndFileURLsBecomeFolderRemotes() throws {
        #expect(try root("/mnt/store") == "/mnt/store")
        #expect(try root("/mnt/store/") == "/mnt/store")
        #expect(try root("../store") == "/work/store")
        #expect(try root("..") == "/work")
        #expect(try root("/work/project-store") == "/work/project-store")
        #expect(try root("file:///mnt/my%20store") == "/mnt/my store")
        #expect(try root("file://localhost/mnt/store") == "/mnt/store")
        #expect(try root("FILE:///mnt/store") == "/mnt/store")
    }

    @Test func badURLsAreExplained() throws {
        let s3 = try RemoteFactory.make(RemoteSettings(name: "r", url: "s3://bucket/prefix", options: [.endpoint: "http://127.0.0.1:9"]),
                                        projectRoot: "/work/project")
        #expect(s3.displayName == "'r' (s3://bucket/prefix)")
        let half = #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.make(RemoteSettings(name: "r", url: "s3://bucket", options: [.accessKeyID: "AKIA"]), projectRoot: "/")
        }
        #expect(half?.remote == "r")
        let size = #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.make(RemoteSettings(name: "r", url: "s3://bucket", options: [.partSize: "lots"]), projectRoot: "/")
        }
        #expect(size?.description == "remote 'r': part_size 'lots' is not a size of at least 5MiB")
        let host = #expect(throws: RemoteConfigurationError.self) { try root("file://server/share") }
        #expect(host?.message.contains("does not name a local absolute path") == true)
        #expect(refusal("")?.message == "the url is empty")
        #expect(refusal("s3:///prefix")?.message == "url 's3:///prefix' names no bucket")
    }

    @Test func unsupportedSchemesAreRefusedNamingTheSupportedOnes() {
        for url in ["gs://bucket", "azure://container/x"] {
            let error = refusal(url, projectRoot: nil)
            #expect(error?.message.hasPrefix("url '\(url)' uses the unsupported scheme '") == true)
            #expect(error?.hint?.contains("s3://bucket[/prefix], http(s)://host/path, webdav(s)://host/path, ssh://host[:port]/path, "
                + "file:///absolute/path, or a folder path outside the project") == true)
            #expect(error?.description.hasPrefix("remote 'r': ") == true)
        }
    }

    @Test func mistypedSchemesAreRefusedWithWhatWasMeant() {
        let cases = [("s3:/bucket", "s3://bucket"), ("s3:bucket/x", "s3://bucket/x"), ("S3:/bucket", "s3://bucket"),
                     ("file:/mnt/store", "file:///mnt/store"), ("S3//x", "s3://x"), ("s3//bucket/p", "s3://bucket/p")]
        for (url, meant) in cases {
            let error = refusal(url, projectRoot: nil)
            #expect(error?.message.hasPrefix("url '\(url)' looks like a mistyped URL") == true, "\(url)")
            #expect(error?.hint?.hasPrefix("did you mean \(meant)? ") == true, "\(url): \(error?.hint ?? "")")
        }
        // At open time too, where the config may have been edited by hand.
        #expect(throws: RemoteConfigurationError.self) { try root("s3:/bucket") }
    }

    @Test func foldersInsideTheWorkTreeAreRefused() throws {
        for url in ["bucket/x", ".", "./store", ".mlx/cache", "store/../other", "/work/project/store", "/work/project", "file:///work/project/s"] {
            let error = refusal(url)
            #expect(error?.message.contains("is inside the project's work tree (/work/project)") == true, "\(url)")
            #expect(error?.hint?.hasPrefix("put the remote outside the project") == true)
        }
        #expect(throws: RemoteConfigurationError.self) { try root("bucket/x") }
        // Without a project (a --global remote added elsewhere), a relative folder cannot be placed yet.
        #expect(throws: Never.self) { try RemoteFactory.validate(RemoteSettings(name: "r", url: "bucket/x"), projectRoot: nil) }
    }

    @Test func aFolderReachedThroughASymlinkIntoTheProjectIsRefused() throws {
        let sandbox = TemporaryDirectory()
        try sandbox.write("project/.mlx/config", "")
        try sandbox.write("project/data/x", "")
        try FileManager.default.createSymbolicLink(atPath: sandbox.file("link"), withDestinationPath: sandbox.file("project/data"))
        let project = URL(fileURLWithPath: sandbox.file("project")).resolvingSymlinksInPath().path
        #expect(refusal(sandbox.file("link/store"), projectRoot: project) != nil)
        #expect(throws: Never.self) {
            try RemoteFactory.validate(RemoteSettings(name: "r", url: sandbox.file("store")), projectRoot: project)
        }
    }

    @Test func passwordsInURLsNeverReachMessages() throws {
        let s3 = try #require(try RemoteFactory.make(
            RemoteSettings(name: "r", url: "s3://bucket/p", options: [.endpoint: "http://u:hunter2@127.0.0.1:1"]),
            projectRoot: "/work/project") as? S3Remote)
        let failure = #expect(throws: RemoteError.self) { try s3.size(of: "files/blake3/00/11") }
        #expect(failure.map { "\($0) \($0.hint ?? "")".contains("hunter2") } == false)
        #expect(failure?.hint?.contains("http://u:***@127.0.0.1:1") == true)
        for url in ["gs://u:hunter2@b", "file://u:hunter2@server/x", "s3://key:hunter2@bucket/p"] {
            let error = #expect(throws: RemoteConfigurationError.self) { try root(url) }
            #expect(error.map { "\($0) \($0.hint ?? "")".contains("hunter2") } == false, "\(url)")
        }
        let http = HTTPError(url: "http://u:hunter2@h/b/k", function: "curl_easy_perform", message: "couldn't connect", isRetryable: true)
        #expect(http.description == "request to http://u:***@h/b/k failed: couldn't connect")
    }

    @Test func unsignedRequestsAreWarnedAboutOnlyWithoutCredentials() throws {
        let anonymous = S3Remote(configuration: S3RemoteConfiguration(name: "cloud", bucket: "b", endpoint: "http://127.0.0.1:1"))
        #expect(anonymous.unsignedRequestsWarning?.hasPrefix("remote 'cloud' (s3://b): no credentials found, so requests go unsigned (anonymous)") == true)
        let signed = S3Remote(configuration: S3RemoteConfiguration(
            name: "cloud", bucket: "b", endpoint: "http://127.0.0.1:1", credentials: AWSCredentials(accessKeyID: "AKIA", secretAccessKey: "s")))
        #expect(signed.unsignedRequestsWarning == nil)
    }
}
