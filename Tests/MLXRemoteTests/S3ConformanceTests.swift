import MLXCore
import MLXHash
import MLXTestSupport
import Testing
@testable import MLXRemote

/// The shared `Remote` rules (`RemoteConformance`) held against S3Remote on moto, once with
/// plain PUTs and once with every object above the 5 MiB minimum part size going up in parts.
/// The failure cases break the real connection: a `FaultInjectingProxy` in front of moto cuts
/// uploads mid-body and answers with server errors and dropped connections.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto (python3 -m pip install 'moto[server]')"))
struct S3ConformanceTests {
    @Test(arguments: RemoteConformance.Case.allCases)
    func conformance(_ check: RemoteConformance.Case) throws {
        let remote = try makeS3Remote()
        try RemoteConformance.run(check, on: remote, faults: S3Faults.through(try MotoServer.sharedEndpoint(), remote.configuration))
    }

    @Test(arguments: RemoteConformance.Case.allCases)
    func conformanceWithoutAPrefixAndSignedPayloads(_ check: RemoteConformance.Case) throws {
        let remote = try makeS3Remote(prefix: "") { $0.payloadSigning = .always }
        try RemoteConformance.run(check, on: remote, faults: S3Faults.through(try MotoServer.sharedEndpoint(), remote.configuration))
    }
}

/// `RemoteConformance.Faults` for an S3 server at `upstream`, made with a fault-injecting
/// proxy in front of it: the bytes really stop mid-upload, and the server really answers 503
/// or hangs up.
enum S3Faults {
    static func through(_ upstream: String, _ configuration: S3RemoteConfiguration) -> RemoteConformance.Faults {
        RemoteConformance.Faults(
            interruptUpload: { _, source, size, key in
                let proxied = try ProxiedS3Remote(upstream: upstream, configuration: configuration,
                                                  rules: [.init(match: "PUT ", fault: .cutRequestBody, times: 1)])
                try proxied.upload(source, size: size, to: key)
            },
            flaky: { _ in
                try ProxiedS3Remote(upstream: upstream, configuration: configuration, rules: [
                    .init(match: "PUT ", fault: .slowDown, times: 2),
                    .init(match: "GET /\(configuration.bucket)?", fault: .internalError, times: 1),
                    .init(match: "GET ", fault: .drop, times: 2),
                ])
            }
        )
    }
}

/// An S3Remote that reaches its server through a `FaultInjectingProxy` it keeps running.
final class ProxiedS3Remote: Remote {
    private let proxy: FaultInjectingProxy
    private let remote: S3Remote

    init(upstream: String, configuration: S3RemoteConfiguration, rules: [FaultInjectingProxy.Rule]) throws {
        proxy = try FaultInjectingProxy(upstream: upstream, rules: rules)
        var proxied = configuration
        proxied.endpoint = proxy.endpoint
        remote = S3Remote(configuration: proxied)
    }

    var displayName: String { remote.displayName }
    func size(of key: String) throws(RemoteError) -> Int64? { try remote.size(of: key) }
    func download(_ key: String, to destination: String) throws(RemoteError) { try remote.download(key, to: destination) }
    func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError) {
        try remote.upload(source, size: size, to: key, verifying: digest)
    }
    func list(prefix: String) throws(RemoteError) -> [RemoteObject] { try remote.list(prefix: prefix) }
    func delete(_ key: String) throws(RemoteError) { try remote.delete(key) }
    func holdsSameBytes(_ listed: RemoteObject, as path: String) -> Bool? { remote.holdsSameBytes(listed, as: path) }
}
