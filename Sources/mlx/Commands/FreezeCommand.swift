import ArgumentParser
import MLXCore

/// `mlx freeze`: mark stages `frozen: true` in mlx.yaml, so repro skips them.
struct FreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Mark stages frozen in mlx.yaml: 'mlx repro' skips them and restores their missing outputs.",
        discussion: """
            Writes 'frozen: true' into each stage's definition (only that line changes; comments \
            and layout stay). A frozen stage is not run even when its dependencies change, until \
            'mlx unfreeze' or 'mlx repro --force'.
            """
    )

    @OptionGroup var wait: WaitOption

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Stages to freeze (NAME or mlx.yaml:NAME).", valueName: "stage"))
    var stages: [String] = []

    func validate() throws {
        if stages.isEmpty { throw ValidationError("name at least one stage to freeze") }
    }

    func run() throws {
        try Self.setFrozen(true, stages: stages, options: common.effective, wait: wait, command: "mlx freeze")
    }

    /// The work of freeze and unfreeze: edit mlx.yaml under the writer lock; `-v` names the
    /// stages that changed (DVC prints nothing).
    static func setFrozen(_ frozen: Bool, stages: [String], options: GlobalOptions, wait: WaitOption, command: String) throws {
        let context = try ProjectContext.open(options)
        let changed = try context.project.withWriterLock(wait: wait.seconds, command: command) {
            try PipelineEditor.setFrozen(frozen, stages: stages, projectRoot: context.project.root)
        }
        if options.verbose {
            for name in changed { Console.err("stage '\(name)' \(frozen ? "frozen" : "unfrozen")") }
        }
    }
}
