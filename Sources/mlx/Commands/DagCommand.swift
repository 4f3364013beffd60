import ArgumentParser
import MLXCore

/// `mlx dag`: show how the pipeline's stages depend on each other.
struct DagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dag",
        abstract: "Show the stages of mlx.yaml in dependency order, or as a DOT or Mermaid graph.",
        discussion: "Each line of the default output names a stage and, after <-, the stages it depends on."
    )

    @Flag(help: "Print the graph in Graphviz DOT.")
    var dot = false

    @Flag(help: "Print the graph as a Mermaid flowchart.")
    var mermaid = false

    @OptionGroup var common: CommonOptions

    @Argument(help: "Show only this stage and the stages it depends on.")
    var target: String?

    func validate() throws {
        if dot && mermaid { throw ValidationError("--dot and --mermaid cannot be combined") }
    }

    func run() throws {
        let context = try ProjectContext.open(common.effective)
        let graph = try PipelineGraph(try Pipeline.load(projectRoot: context.project.root))
        let shown = try graph.stages(upTo: target)
        let text = dot ? graph.renderDot(shown) : mermaid ? graph.renderMermaid(shown) : graph.renderList(shown)
        if !text.isEmpty { Console.out(String(text.dropLast())) }
    }
}
