import Foundation
import Synchronization

/// Options that apply to every command, given before the command name as git does
/// (`mlx -C repo -q status`). Quiet and verbose may also follow the command name.
struct GlobalOptions: Sendable {
    /// The folder the command acts in (`-C`, cumulative like git's: `-C a -C b` is `a/b`).
    var directory: String = FileManager.default.currentDirectoryPath
    var quiet = false
    var verbose = false

    private static let storage = Mutex(GlobalOptions())

    /// The options of this invocation, set once by `Entrypoint` before the command runs.
    static var current: GlobalOptions {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    /// Splits the leading global options off `arguments`; returns the options and the rest.
    static func parseLeading(_ arguments: [String]) throws -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-C":
                guard index + 1 < arguments.count else {
                    throw UsageError(message: "option -C needs a directory")
                }
                options.directory = resolve(arguments[index + 1], against: options.directory)
                index += 2
            case "-q", "--quiet":
                options.quiet = true
                index += 1
            case "-v", "--verbose":
                options.verbose = true
                index += 1
            default:
                if argument.hasPrefix("-C"), argument.count > 2 {
                    options.directory = resolve(String(argument.dropFirst(2)), against: options.directory)
                    index += 1
                } else {
                    return (options, Array(arguments[index...]))
                }
            }
        }
        return (options, [])
    }

    private static func resolve(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
