import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// S3Remote behind `FaultInjectingProxy`: every injected server error or broken connection
/// must come out as `.retryable`, and retrying (as the transfer queue does) must get every
/// operation through with the right bytes.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct FaultProxyTests {
    let scratch: TemporaryDirectory

    init() throws {
        scratch = TemporaryDirectory()
    }

    @Test(arguments: [
        FaultInjectingProxy.Fault.internalError, .slowDown, .requestTimeout, .drop,
    ])
    func everyOperationSurvivesInjectedFaults(fault: FaultInjectingProxy.Fault) throws {
        // Every fourth request fails, so a three-page listing can get through in one go.
        // S3 only times out reading a request body, so RequestTimeout goes to uploads.
        let match = fault == .requestTimeout ? "PUT /" : ""
        let proxy = try FaultInjectingProxy(
            upstream: try MotoServer.sharedEndpoint(), rules: [.init(match: match, fault: fault, every: 4)])
        let remote = try makeS3Remote(endpoint: proxy.endpoint) { $0.listPageSize = 2 }
        var errors = [RemoteError]()
        let bytes = randomBytes(70_000)
        let source = try scratch.write("object", bytes)

        for index in 0..<5 {
            try retrying(&errors) { () throws(RemoteError) in try remote.upload(source, size: Int64(bytes.count), to: "files/\(index)") }
        }
        #expect(try retrying(&errors) { () throws(RemoteError) in try remote.size(of: "files/3") } == Int64(bytes.count))
        let listed = try retrying(&errors) { () throws(RemoteError) in try remote.list(prefix: "files/") }
        #expect(listed.count == 5)
        var attempt = 0
        try retrying(&errors) { () throws(RemoteError) in
            attempt += 1
            try remote.download("files/2", to: scratch.appending("download-\(attempt)"))
        }
        #expect(readFile(scratch.appending("download-\(attempt)")) == bytes)
        try retrying(&errors) { () throws(RemoteError) in try remote.delete("files/2") }
        #expect(try retrying(&errors) { () throws(RemoteError) in try remote.size(of: "files/2") } == nil)

        let faults = proxy.statistics().faults
        #expect(faults > 0)
        if fault == .drop {
            // libcurl itself re-sends a request whose reused connection closed before any answer
            // (it cannot tell that from a keep-alive timeout), so some drops never surface.
            #expect(errors.count <= faults)
        } else {
            #expect(errors.count == faults, "every injected fault surfaced as exactly one retryable error")
        }
        for error in errors {
            #expect(error.kind == .retryable)
            #expect(error.description.contains("'storage'"))
            #expect(!error.description.contains(motoCredentials.secretAccessKey.revealed))
        }
        if fault == .slowDown {
            #expect(errors.contains { $0.message.hasPrefix("SlowDown:") })
        }
    }

    @Test func aConnectionClosedWithoutAnswerIsRetryable() throws {
        let proxy = try FaultInjectingProxy(upstream: try MotoServer.sharedEndpoint(), rules: [.init(fault: .drop, times: 1)])
        // A new remote has no connection to reuse, so libcurl reports the drop instead of re-sending.
        let remote = try makeS3Remote(endpoint: proxy.endpoint)
        let error = expectRemoteError { () throws(RemoteError) in _ = try remote.size(of: "k") }
        #expect(error?.kind == .retryable)
        #expect(error?.hint?.contains("check endpoint") == true)
        #expect(try remote.size(of: "k") == nil)
    }

    @Test func theLatencyProxyDelaysEveryRequestAndPassesBytesUnchanged() throws {
        let proxy = try FaultInjectingProxy(upstream: try MotoServer.sharedEndpoint(), latency: 150)
        let remote = try makeS3Remote(endpoint: proxy.endpoint)
        let bytes = randomBytes(200_000)
        let clock = ContinuousClock()
        // A new connection waits for a handshake's delay, then the request's (moto closes its
        // connections after every answer, so each request here opens one).
        let upload = try clock.measure { try remote.upload(try scratch.write("object", bytes), size: Int64(bytes.count), to: "k") }
        #expect(upload >= .milliseconds(300))
        let download = try clock.measure { try remote.download("k", to: scratch.appending("copy")) }
        #expect(download >= .milliseconds(150))
        #expect(readFile(scratch.appending("copy")) == bytes)
    }

    @Test func aDownloadCutShortIsRetryable() throws {
        let proxy = try FaultInjectingProxy(
            upstream: try MotoServer.sharedEndpoint(), rules: [.init(match: "GET /", fault: .dropMidBody, times: 1)])
        let remote = try makeS3Remote(endpoint: proxy.endpoint)
        let bytes = randomBytes(300_000)
        try remote.upload(try scratch.write("object", bytes), size: Int64(bytes.count), to: "k")
        let error = expectRemoteError { () throws(RemoteError) in try remote.download("k", to: scratch.appending("first")) }
        #expect(error?.kind == .retryable)
        try remote.download("k", to: scratch.appending("second"))
        #expect(readFile(scratch.appending("second")) == bytes)
    }

    @Test func failedPartsAreRetriedWithinTheUpload() throws {
        // One part at a time so that attempts alternate: every part's first try fails.
        let proxy = try FaultInjectingProxy(
            upstream: try MotoServer.sharedEndpoint(), rules: [.init(match: "partNumber=", fault: .slowDown, every: 2)])
        let remote = try makeS3Remote(endpoint: proxy.endpoint) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
            $0.partConcurrency = 1
        }
        let bytes = randomBytes((15 << 20) + 7)
        try remote.upload(try scratch.write("big", bytes), size: Int64(bytes.count), to: "big")
        #expect(proxy.statistics().faults >= 2)
        try remote.download("big", to: scratch.appending("big.out"))
        #expect(readFile(scratch.appending("big.out")) == bytes)
        #expect(try remote.pendingUploads().isEmpty)
    }

    @Test func aFailedMultipartUploadIsAborted() throws {
        let proxy = try FaultInjectingProxy(
            upstream: try MotoServer.sharedEndpoint(), rules: [.init(match: "partNumber=2&", fault: .accessDenied)])
        let remote = try makeS3Remote(endpoint: proxy.endpoint) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
        }
        let bytes = randomBytes((11 << 20))
        let error = expectRemoteError { () throws(RemoteError) in
            try remote.upload(try! scratch.write("big", bytes), size: Int64(bytes.count), to: "big")
        }
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasPrefix("AccessDenied:") == true)
        // Straight to moto: no upload left open, no object.
        var direct = remote.configuration
        direct.endpoint = try MotoServer.sharedEndpoint()
        let server = S3Remote(configuration: direct)
        #expect(try server.pendingUploads().isEmpty)
        #expect(try server.size(of: "big") == nil)
    }

    @Test func partsThatKeepFailingFailTheUploadAsRetryable() throws {
        let proxy = try FaultInjectingProxy(
            upstream: try MotoServer.sharedEndpoint(), rules: [.init(match: "partNumber=1&", fault: .internalError)])
        let remote = try makeS3Remote(endpoint: proxy.endpoint) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
            $0.partAttempts = 2
        }
        let bytes = randomBytes(6 << 20)
        let error = expectRemoteError { () throws(RemoteError) in
            try remote.upload(try! scratch.write("big", bytes), size: Int64(bytes.count), to: "big")
        }
        #expect(error?.kind == .retryable)
        #expect(proxy.statistics().faults == 2, "two attempts at part 1")
        var direct = remote.configuration
        direct.endpoint = try MotoServer.sharedEndpoint()
        #expect(try S3Remote(configuration: direct).pendingUploads().isEmpty)
    }
}
