extension PipelineEditor {
    /// Where one stage of `stages` lies in `mlx.yaml`'s text, for edits that change only its
    /// lines (freeze, unfreeze, remove).
    struct StageBlock {
        /// The file's lines, without the final empty one.
        var lines: [String]
        /// The stage's name and body as parsed.
        let pair: SourceNode.Pair
        /// Index of the stage's key line.
        var start: Int { pair.key.line - 1 }
        /// Index just past its last line: blank lines and comments that lead to the next stage
        /// (or the next top-level key) stay with it.
        let end: Int

        init(_ text: String, stage name: String) throws {
            let file = Pipeline.fileName
            guard let root = try SourceNodeReader.parse(text, file: file), let pairs = root.pairs,
                  let stagesIndex = pairs.firstIndex(where: { $0.key.scalarText == "stages" }),
                  let stagePairs = pairs[stagesIndex].value.pairs,
                  let position = stagePairs.firstIndex(where: { $0.key.scalarText == name }) else {
                throw PipelineError(file: file, message: "no stage named '\(name)'", hint: "'mlx stage list' shows the stages")
            }
            pair = stagePairs[position]
            guard pair.key.line > pairs[stagesIndex].key.line else {
                throw PipelineError(pair.key, "`stages` is not a block mapping, so mlx cannot edit stage '\(name)' in it",
                                    hint: "write each stage on its own lines under `stages:`")
            }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            let topEnd = stagesIndex + 1 < pairs.count ? pairs[stagesIndex + 1].key.line - 1 : lines.count
            var end = position + 1 < stagePairs.count ? stagePairs[position + 1].key.line - 1 : topEnd
            while end > pair.key.line {
                let trimmed = lines[end - 1].trimmingCharacters(in: " ")
                guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
                end -= 1
            }
            self.end = end
        }

        var text: String { lines.joined(separator: "\n") + "\n" }
    }
}
