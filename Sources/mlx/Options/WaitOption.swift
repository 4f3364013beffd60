import ArgumentParser

/// `--wait SECONDS` for commands that take the project's writer lock.
struct WaitOption: ParsableArguments {
    @Option(name: .customLong("wait"), help: ArgumentHelp("Seconds to wait for another mlx writing in this project.", valueName: "seconds"))
    var seconds: Double = 10

    func validate() throws {
        if seconds < 0 { throw ValidationError("--wait must not be negative") }
    }
}
