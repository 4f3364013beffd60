import ArgumentParser
import MLXCore

/// The one place that parses the command line, runs the command and turns every error into
/// `mlx: error: …` (plus a hint line) and an exit status: 0 success, 1 failure, 2 usage error.
enum Entrypoint {
    static func run(arguments: [String]) -> Int32 {
        do {
            let (globals, rest) = try GlobalOptions.parseLeading(arguments)
            GlobalOptions.current = globals
            var command = try parse(rest)
            try command.run()
            return 0
        } catch {
            return report(error)
        }
    }

    /// The command `arguments` name. A command without subcommands, reached by the names
    /// first on the line (`status`, `exp run`, `queue run-entry`), is parsed on its own:
    /// `parseAsRoot` first builds the parser of every command by reflection, which was a fifth
    /// of a no-change `status` and a sixth of a queued experiment's overhead. Help requests, and
    /// anything the command's own parser refuses, go through the root, so usage lines and error
    /// messages stay the root's.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if !arguments.contains(where: asksTheRoot), let (leaf, depth) = leafCommand(at: arguments),
           let command = try? leaf.parse(Array(arguments.dropFirst(depth))) {
            return command
        }
        return try MLXCommand.parseAsRoot(arguments)
    }

    /// The command without subcommands that the leading names of `arguments` lead to, and how
    /// many names that took; nil when they stop at a group or name no command (a command found
    /// only by its type's name is left to the root parser).
    static func leafCommand(at arguments: [String]) -> (any ParsableCommand.Type, Int)? {
        var group: any ParsableCommand.Type = MLXCommand.self
        for (depth, name) in arguments.enumerated() {
            guard let next = group.configuration.subcommands.first(where: { $0.configuration.commandName == name }) else { return nil }
            if next.configuration.subcommands.isEmpty { return (next, depth + 1) }
            group = next
        }
        return nil
    }

    /// Arguments only the root parser answers (help, completion scripts, tool-info dumps).
    private static func asksTheRoot(_ argument: String) -> Bool {
        ["-h", "-help", "--help", "help", "--version"].contains(argument)
            || argument.hasPrefix("--generate-completion") || argument.hasPrefix("--experimental")
    }

    /// Prints `error` as the user should see it and returns the exit status it means.
    static func report(_ error: Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let usage as UsageError:
            printDiagnostic(usage)
            return 2
        case is any ReportableError:
            printDiagnostic(error)
            return 1
        default:
            let code = MLXCommand.exitCode(for: error)
            if code == .success {
                Console.out(MLXCommand.fullMessage(for: error))
                return 0
            }
            if code == .validationFailure {
                Console.error(MLXCommand.message(for: error))
                Console.err("hint: see 'mlx \(commandPath(for: error))--help'")
                return 2
            }
            Console.error(String(describing: error))
            return 1
        }
    }

    /// Prints one error of a batch (`mlx: error: …`, its hint, and with `-v` its cause); the
    /// command goes on and reports failure through its exit status.
    static func printDiagnostic(_ error: any Error) {
        guard let reportable = error as? any ReportableError else {
            Console.error(String(describing: error))
            return
        }
        Console.error(reportable.description)
        for line in reportable.diagnosticDetails(verbose: GlobalOptions.current.verbose) { Console.err(line) }
    }

    private static func commandPath(for error: Error) -> String {
        let usage = MLXCommand.fullMessage(for: error)
        guard let line = usage.split(separator: "\n").first(where: { $0.contains("Usage: mlx") }) else {
            return ""
        }
        let words = line.split(separator: " ").dropFirst(2).prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") && !$0.hasPrefix("-") }
        return words.map { $0 + " " }.joined()
    }
}
