import ArgumentParser
@main struct MLXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mlx")
}
