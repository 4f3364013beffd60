import Foundation

/// Python's `http.server` serving a folder on 127.0.0.1 at a free port, stopped on release.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let process: Process

    public init(serving directory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // First line: "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        var line = ""
        while !line.contains("\n") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = line.range(of: #"port (\d+)"#, options: .regularExpression),
              let port = Int(line[range].dropFirst(5)) else {
            process.terminate()
            throw ShellError(message: "python3 http.server did not start: \(line)")
        }
        self.port = port
    }

    deinit {
        // Foundation's waitUntilExit can miss the exit of a long-lived child under Swift
        // Testing's executor; kill and reap it directly instead.
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
