import Foundation

/// The Python servers tests start (`http.server`, the fault proxy, moto): started, read until
/// they say where they listen, and stopped.
enum ServerProcess {
    /// Starts `python3 arguments…` and returns it with the first line it prints (which names
    /// its port), or with what it printed before its output ended.
    static func startPython(_ arguments: [String]) throws -> (process: Process, firstLine: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u"] + arguments
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        return (process, line)
    }

    /// Sends `signal` to `process` and reaps it: Foundation's `waitUntilExit` can miss the exit
    /// of a long-lived child under Swift Testing's executor.
    static func stop(_ process: Process, signal: Int32 = SIGKILL) {
        kill(process.processIdentifier, signal)
        var status: Int32 = 0
        _ = waitpid(process.processIdentifier, &status, 0)
    }
}
