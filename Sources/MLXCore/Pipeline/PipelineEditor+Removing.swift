extension PipelineEditor {
    /// The text without the stage `name`'s block under `stages`: its key line through its last
    /// line, leaving blank lines and comments that lead to the next stage in place.
    static func edit(_ text: String, removing name: String) throws -> String {
        let file = Pipeline.fileName
        guard let root = try SourceNodeReader.parse(text, file: file), let pairs = root.pairs,
              let stagesIndex = pairs.firstIndex(where: { $0.key.scalarText == "stages" }),
              let stagePairs = pairs[stagesIndex].value.pairs,
              let position = stagePairs.firstIndex(where: { $0.key.scalarText == name }) else {
            throw PipelineError(file: file, message: "no stage named '\(name)'", hint: "'mlx stage list' shows the stages")
        }
        let stagePair = stagePairs[position]
        guard stagePair.key.line > pairs[stagesIndex].key.line else {
            throw PipelineError(stagePair.key, "`stages` is not a block mapping, so mlx cannot remove stage '\(name)' from it",
                                hint: "write each stage on its own lines under `stages:`")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let topEnd = stagesIndex + 1 < pairs.count ? pairs[stagesIndex + 1].key.line - 1 : lines.count
        var end = position + 1 < stagePairs.count ? stagePairs[position + 1].key.line - 1 : topEnd
        while end > stagePair.key.line {
            let trimmed = lines[end - 1].trimmingCharacters(in: " ")
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            end -= 1
        }
        lines.removeSubrange((stagePair.key.line - 1)..<end)
        return lines.joined(separator: "\n") + "\n"
    }
}
