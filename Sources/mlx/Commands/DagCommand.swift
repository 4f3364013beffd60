import ArgumentParser
import MLXCore

/// `mlx dag`: show how the pipeline's stages depend on each other.
struct DagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dag",
        abstract: "Show the stages of mlx.yaml in dependency order, or as a DOT or Mermaid graph.",
        discussion: """
            Each line of the default output names a stage and, after <-, the stages (and the pointer \
            files of tracked data) it depends on; pointer files whose data stages read come first.
            """
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
        let pipeline = try Pipeline.load(projectRoot: context.project.root)
        let graph = try PipelineGraph(pipeline)
        let sources = TrackedSource.find(in: pipeline, projectRoot: context.project.root)
        let shown = try graph.stages(upTo: target)
        let text = dot ? graph.renderDot(shown, sources: sources) : mermaid ? graph.renderMermaid(shown, sources: sources)
            : graph.renderList(shown, sources: sources)
        if !text.isEmpty { Console.out(String(text.dropLast())) }
    }
}
