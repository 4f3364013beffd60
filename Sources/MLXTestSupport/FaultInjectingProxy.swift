import Foundation

/// An HTTP proxy on 127.0.0.1 that forwards to an S3 server (moto) but answers chosen
/// requests with an S3 error or breaks their connection, to test how remotes classify
/// failures; or, with a latency, a slow link to it. It passes `Host` and every other header through unchanged, so signatures stay
/// valid. A small Python program (`scripts/lib/fault_proxy.py`): parsing HTTP/1.1 bodies is
/// all it does, and Python's `http.server` does that already.
public final class FaultInjectingProxy: @unchecked Sendable {
    public enum Fault: String, Sendable {
        /// 500 InternalError
        case internalError = "500"
        /// 503 SlowDown
        case slowDown = "503"
        /// 400 RequestTimeout
        case requestTimeout = "400-timeout"
        /// 403 AccessDenied
        case accessDenied = "403"
        /// Close the connection without answering.
        case drop = "drop"
        /// Forward, then send the headers and half the body and close.
        case dropMidBody = "drop-mid-body"
        /// Forward the request with half its body, then close both connections: an upload
        /// cut mid-body, as the server sees it.
        case cutRequestBody = "cut-request-body"
    }

    /// Requests whose `METHOD /path?query` line contains `match` get `fault` on every
    /// `every`-th match, at most `times` times. The first rule that matches decides.
    public struct Rule: Sendable {
        public var match: String
        public var fault: Fault
        public var every: Int
        public var times: Int?

        public init(match: String = "", fault: Fault, every: Int = 1, times: Int? = nil) {
            self.match = match
            self.fault = fault
            self.every = every
            self.times = times
        }
    }

    public let port: Int
    public var endpoint: String { "http://127.0.0.1:\(port)" }
    private let process: Process
    private let scratch: TemporaryDirectory

    public convenience init(upstream: String, rules: [Rule]) throws {
        let rulesJSON = "[" + rules.map { rule in
            "{\"match\": \(Self.jsonString(rule.match)), \"fault\": \"\(rule.fault.rawValue)\", \"every\": \(rule.every), \"times\": \(rule.times.map(String.init) ?? "null")}"
        }.joined(separator: ", ") + "]"
        try self.init(upstream: upstream) { host, port, scratch in
            [host, port, rulesJSON, scratch.appending("stats.json"), String(getpid())]
        }
    }

    /// A slow link instead of a faulty one: forwards every byte unchanged, holding what the
    /// client sends for `milliseconds` (and a new connection's first request twice as long,
    /// as after a handshake).
    public convenience init(upstream: String, latency milliseconds: Int) throws {
        try self.init(upstream: upstream) { host, port, _ in
            ["--latency", String(milliseconds), host, port, String(getpid())]
        }
    }

    private init(upstream: String, arguments: (_ host: String, _ port: String, _ scratch: TemporaryDirectory) -> [String]) throws {
        guard let components = URLComponents(string: upstream), let host = components.host, let upstreamPort = components.port else {
            throw ShellError(message: "upstream must be http://HOST:PORT, not \(upstream)")
        }
        scratch = TemporaryDirectory("mlx-proxy")
        let (process, line) = try ServerProcess.startPython([PackageRoot.scriptLibrary("fault_proxy.py")]
                                                            + arguments(host, String(upstreamPort), scratch))
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            ServerProcess.stop(process)
            throw ShellError(message: "the fault-injecting proxy did not start: \(line)")
        }
        self.process = process
        self.port = port
    }

    deinit {
        ServerProcess.stop(process)
    }

    /// How many requests the proxy has seen and how many it sabotaged.
    public func statistics() -> (requests: Int, faults: Int) {
        guard let data = FileManager.default.contents(atPath: scratch.appending("stats.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else { return (0, 0) }
        return (object["requests"] ?? 0, object["faults"] ?? 0)
    }

    private static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        return String(decoding: data, as: UTF8.self).dropFirst().dropLast().description
    }
}
