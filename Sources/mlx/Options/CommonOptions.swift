import ArgumentParser

/// `-q` and `-v` accepted after the command name too (`mlx status -q`).
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Explain what happens, and show the cause of errors.")
    var verbose = false

    /// The global options merged with these.
    var effective: GlobalOptions {
        var options = GlobalOptions.current
        options.quiet = options.quiet || quiet
        options.verbose = options.verbose || verbose
        return options
    }
}
