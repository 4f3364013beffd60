@testable import MLXCore
import Testing

@Suite struct PlotDataFileTests {
    private func error(_ text: String, file: String, header: Bool = true) -> PipelineError? {
        do {
            _ = try PlotDataFile.parse(text, file: file, header: header)
            return nil
        } catch {
            return error
        }
    }

    @Test func csvReadsNumbersWordsQuotedFieldsAndEmptyCells() throws {
        let table = try PlotDataFile.parse("epoch,name,loss\r\n1,\"a, b\",0.5\n2,\"say \"\"hi\"\"\",\n\n", file: "train.csv")
        #expect(table.columns == ["epoch", "name", "loss"])
        #expect(table.rowCount == 2)
        #expect(table.column("epoch") == [.number(1), .number(2)])
        #expect(table.column("name") == [.text("a, b"), .text("say \"hi\"")])
        #expect(table.column("loss") == [.number(0.5), .missing])
    }

    @Test func tsvWithoutHeaderNamesColumnsByPosition() throws {
        let table = try PlotDataFile.parse("1\t0.5\n2\t0.25\n", file: "data/loss.tsv", header: false)
        #expect(table.columns == ["0", "1"])
        #expect(table.column("1") == [.number(0.5), .number(0.25)])
    }

    @Test func jsonListOfRecordsAndDVCsNestedFormAreRead() throws {
        let list = try PlotDataFile.parse(#"[{"step": 1, "acc": 0.5}, {"step": 2, "acc": 0.75, "extra": "x"}]"#, file: "a.json")
        #expect(list.column("acc") == [.number(0.5), .number(0.75)])
        #expect(list.column("extra") == [.missing, .text("x")])
        let nested = try PlotDataFile.parse(#"{"meta": {"run": 1}, "train": [{"loss": 0.5}, {"loss": 0.25}]}"#, file: "b.json")
        #expect(nested.column("loss") == [.number(0.5), .number(0.25)])
    }

    @Test func yamlRecordsAreRead() throws {
        let table = try PlotDataFile.parse("- {actual: cat, predicted: dog}\n- actual: dog\n  predicted: dog\n", file: "c.yaml")
        #expect(table.column("actual") == [.text("cat"), .text("dog")])
        #expect(table.column("predicted")?.map(\.label) == ["dog", "dog"])
    }

    @Test func integerLabelsReadBackAsWritten() {
        #expect(PlotTable.Cell.number(3).label == "3")
        #expect(PlotTable.Cell.number(0.5).label == "0.5")
    }

    @Test func malformedFilesAreLocated() {
        #expect(error("a,b\n1,2\n3\n", file: "x.csv")?.description == "x.csv:3:1: row has 1 fields, the header has 2")
        #expect(error("a,b\n1,\"open\n", file: "x.csv")?.description == "x.csv:2:3: malformed CSV: quoted field is never closed")
        #expect(error("[{\"a\": 1},", file: "x.json")?.line == 1)
        #expect(error("{\"a\": 1}", file: "x.json")?.message == "holds no list of records to plot")
        #expect(error("a,b\n", file: "x.txt")?.message.hasPrefix("unsupported plot file type") == true)
    }
}
