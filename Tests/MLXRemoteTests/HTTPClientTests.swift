import Foundation
import MLXTestSupport
import Testing
@testable import MLXRemote

@Suite struct HTTPClientTests {
    @Test func getReturnsBodyAndStatusFromLocalServer() throws {
        let root = TemporaryDirectory()
        try root.write("hello.txt", "hello, mlx\n")
        let server = try LocalHTTPServer(serving: root.path)
        let client = HTTPClient()

        let response = try client.get("\(server.baseURL)/hello.txt")
        #expect(response.status == 200)
        #expect(response.body == Array("hello, mlx\n".utf8))
        #expect(response.header("Content-Length") == "11")

        // The second request reuses the idle handle and still sees a fresh response.
        let missing = try client.get("\(server.baseURL)/absent.txt")
        #expect(missing.status == 404)
    }

    @Test func headHasNoBody() throws {
        let root = TemporaryDirectory()
        try root.write("a.bin", [UInt8](repeating: 7, count: 1000))
        let server = try LocalHTTPServer(serving: root.path)
        let response = try HTTPClient().send(HTTPRequest(method: "HEAD", url: "\(server.baseURL)/a.bin"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("content-length") == "1000")
    }

    @Test func refusedConnectionIsARetryableErrorNamingTheURLWithoutQuery() throws {
        let port = try MotoServer.closedPort()
        do {
            _ = try HTTPClient().get("http://127.0.0.1:\(port)/x?X-Amz-Signature=secret")
            Issue.record("expected a connection error")
        } catch {
            #expect(error.isRetryable)
            #expect(error.url == "http://127.0.0.1:\(port)/x")
            #expect(!error.description.contains("secret"))
            #expect(error.function == "curl_easy_perform")
        }
    }
}
