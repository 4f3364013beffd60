import MLXTestSupport
import Testing

@Suite struct DagCommandTests {
    static let pipeline = """
        stages:
          prepare:
            cmd: echo 1 > prepared.txt
            outs: [prepared.txt]
          train:
            cmd: cp prepared.txt model.txt
            deps: [prepared.txt]
            outs: [model.txt]
          report:
            cmd: echo report > report.txt
            outs: [report.txt]
          evaluate:
            cmd: cat model.txt report.txt > eval.txt
            deps: [model.txt, report.txt]
            outs: [eval.txt]

        """

    @Test func listsStagesInDependencyOrderWithTheirUpstream() throws {
        let project = try PipelineProject(["mlx.yaml": DagCommandTests.pipeline])
        let result = try project.mlx("dag")
        #expect(result.status == 0)
        #expect(result.stdout == "prepare\ntrain <- prepare\nreport\nevaluate <- train, report\n")
        #expect(try project.mlx("dag", "train").stdout == "prepare\ntrain <- prepare\n")
    }

    @Test func printsDotAndMermaid() throws {
        let project = try PipelineProject(["mlx.yaml": DagCommandTests.pipeline])
        #expect(try project.mlx("dag", "--dot", "train").stdout == """
            strict digraph {
            \t"prepare";
            \t"train";
            \t"prepare" -> "train";
            }

            """)
        #expect(try project.mlx("dag", "--mermaid").stdout == """
            flowchart TD
            \tnode1["prepare"]
            \tnode2["train"]
            \tnode3["report"]
            \tnode4["evaluate"]
            \tnode1-->node2
            \tnode2-->node4
            \tnode3-->node4

            """)
    }

    @Test func dependenciesInsideOutputFoldersMakeEdges() throws {
        let project = try PipelineProject(["mlx.yaml": """
            stages:
              make:
                cmd: mkdir -p data && echo 1 > data/a.txt
                outs: [data]
              use:
                cmd: cat data/a.txt > b.txt
                deps: [data/a.txt]
                outs: [b.txt]

            """])
        #expect(try project.mlx("dag").stdout == "make\nuse <- make\n")
    }
}
