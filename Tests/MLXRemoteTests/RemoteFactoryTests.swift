import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

@Suite struct RemoteFactoryTests {
    private func root(_ url: String) throws -> String? {
        (try RemoteFactory.make(RemoteSettings(name: "r", url: url), projectRoot: "/work/project") as? LocalRemote)?.root
    }

    @Test func pathsAndFileURLsBecomeFolderRemotes() throws {
        #expect(try root("/mnt/store") == "/mnt/store")
        #expect(try root("/mnt/store/") == "/mnt/store")
        #expect(try root("../store") == "/work/store")
        #expect(try root("store/sub") == "/work/project/store/sub")
        #expect(try root("file:///mnt/my%20store") == "/mnt/my store")
        #expect(try root("file://localhost/mnt/store") == "/mnt/store")
    }

    @Test func badURLsAreExplained() throws {
        let s3 = try RemoteFactory.make(RemoteSettings(name: "r", url: "s3://bucket/prefix", options: ["endpoint": "http://127.0.0.1:9"]),
                                        projectRoot: "/work/project")
        #expect(s3.displayName == "'r' (s3://bucket/prefix)")
        let half = #expect(throws: RemoteConfigurationError.self) {
            try RemoteFactory.make(RemoteSettings(name: "r", url: "s3://bucket", options: ["access-key-id": "AKIA"]), projectRoot: "/")
        }
        #expect(half?.remote == "r")
        let host = #expect(throws: RemoteConfigurationError.self) { try root("file://server/share") }
        #expect(host?.message.contains("does not name a local absolute path") == true)
        let scheme = #expect(throws: RemoteConfigurationError.self) { try root("gs://bucket") }
        #expect(scheme?.message == "unsupported URL scheme 'gs://' in gs://bucket")
    }
}
