import Foundation

/// Python's `http.server` serving a folder on 127.0.0.1 at a free port, stopped on release.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let process: Process

    public init(serving directory: String) throws {
        // First line: "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let (process, line) = try ServerProcess.startPython(["-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory])
        guard let range = line.range(of: #"port (\d+)"#, options: .regularExpression),
              let port = Int(line[range].dropFirst(5)) else {
            ServerProcess.stop(process)
            throw ShellError(message: "python3 http.server did not start: \(line)")
        }
        self.process = process
        self.port = port
    }

    deinit {
        ServerProcess.stop(process)
    }
}
