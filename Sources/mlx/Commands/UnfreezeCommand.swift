import ArgumentParser
import MLXCore

/// `mlx unfreeze`: take `frozen` out of stages in mlx.yaml.
struct UnfreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unfreeze",
        abstract: "Take 'frozen' out of stages in mlx.yaml, so 'mlx repro' judges them again.",
        discussion: "Removes the stage's 'frozen:' line; other text stays as it is."
    )

    @OptionGroup var wait: WaitOption

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Stages to unfreeze (NAME or mlx.yaml:NAME).", valueName: "stage"))
    var stages: [String] = []

    func validate() throws {
        if stages.isEmpty { throw ValidationError("name at least one stage to unfreeze") }
    }

    func run() throws {
        try FreezeCommand.setFrozen(false, stages: stages, options: common.effective, wait: wait, command: "mlx unfreeze")
    }
}
