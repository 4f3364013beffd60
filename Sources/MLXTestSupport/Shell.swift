import Foundation

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs helper commands in tests (git, b3sum, python servers).
public enum Shell {
    /// Runs `script` with `sh -c` in `directory`; `input` is fed to stdin.
    @discardableResult
    public static func run(
        _ script: String, in directory: String? = nil, environment: [String: String] = [:], input: [UInt8]? = nil
    ) throws -> ProcessResult {
        try execute("/bin/sh", ["-c", script], in: directory, environment: environment, input: input)
    }

    /// Runs `script` and returns its stdout; throws when it exits non-zero.
    @discardableResult
    public static func check(_ script: String, in directory: String? = nil) throws -> String {
        let result = try run(script, in: directory)
        guard result.status == 0 else {
            throw ShellError(message: "'\(script)' exited with status \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Runs `executable` with `arguments` directly (no shell quoting involved).
    public static func execute(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:], input: [UInt8]? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Files, not pipes: a child that prints more than a pipe holds cannot block us.
        let scratch = TemporaryDirectory("mlx-shell")
        let outPath = scratch.appending("out"), errPath = scratch.appending("err"), inPath = scratch.appending("in")
        for (file, contents) in [(outPath, Data()), (errPath, Data()), (inPath, Data(input ?? []))] {
            guard FileManager.default.createFile(atPath: file, contents: contents) else {
                throw ShellError(message: "cannot create \(file)")
            }
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let inp = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close(); try inp.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// Installs a Debian package when `command` is not on PATH; throws when that fails.
    public static func require(command: String, aptPackage: String) throws {
        if try run("command -v \(command) >/dev/null").status == 0 { return }
        let install = try run("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \(aptPackage) >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \(aptPackage) >/dev/null 2>&1)")
        guard install.status == 0, try run("command -v \(command) >/dev/null").status == 0 else {
            throw ShellError(message: "'\(command)' is missing and 'apt-get install \(aptPackage)' failed: \(install.stderr)")
        }
    }
}

public struct ShellError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
