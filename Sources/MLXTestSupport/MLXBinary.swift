import Foundation

/// The built `mlx` executable, run as users run it, for end-to-end tests.
public enum MLXBinary {
    /// `$MLX_BIN`, else `.build/debug/mlx` of this package (found from this file's path).
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["MLX_BIN"], !explicit.isEmpty { return explicit }
        return PackageRoot.path + "/.build/debug/mlx"
    }

    /// Runs `mlx arguments…` in `directory` with a clean, predictable environment:
    /// no colour, HOME and XDG_CONFIG_HOME inside the test's folder so no user config leaks in.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], input: [UInt8]? = nil
    ) throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ShellError(message: "the mlx binary is missing at \(path): run 'swift build' first (or set MLX_BIN)")
        }
        var env = ["NO_COLOR": "1"]
        env.merge(environment) { $1 }
        return try Shell.execute(path, arguments, in: directory, environment: env, input: input)
    }
}
