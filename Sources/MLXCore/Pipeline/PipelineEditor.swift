import Foundation

/// Edits `mlx.yaml` as text, so the other stages keep their layout and comments.
public enum PipelineEditor {
    /// Adds `definition` to the project's `mlx.yaml` (created if missing), or replaces the
    /// stage of that name when `force`; the result is decoded and its graph checked before
    /// it is written (atomically).
    public static func addStage(_ definition: StageDefinition, projectRoot: String, force: Bool) throws {
        let path = projectRoot + "/" + Pipeline.fileName
        let file = Pipeline.fileName
        let text = Syscall.exists(path) ? try SourceNodeReader.readText(path, file: file) : ""
        let updated = try edit(text, adding: definition, force: force)
        let pipeline = try Pipeline.decode(updated, projectRoot: projectRoot)
        _ = try PipelineGraph(pipeline)
        try AtomicFile.write(updated, to: path)
    }

    static func edit(_ text: String, adding definition: StageDefinition, force: Bool) throws -> String {
        let file = Pipeline.fileName
        guard let root = try SourceNodeReader.parse(text, file: file) else {
            return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "stages:\n" + definition.yaml(indent: 2)
        }
        guard let pairs = root.pairs else { throw PipelineError(root, "mlx.yaml must be a mapping with `stages`") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let stagesIndex = pairs.firstIndex(where: { $0.key.scalarText == "stages" }) else {
            return text + (text.hasSuffix("\n") ? "" : "\n") + "stages:\n" + definition.yaml(indent: 2)
        }
        let stagesPair = pairs[stagesIndex]
        // Where the `stages` block ends: the next top-level key, or the end of the file.
        let endLine = stagesIndex + 1 < pairs.count ? pairs[stagesIndex + 1].key.line - 1 : lines.count
        let block: String
        var insertAt: Int
        var replaceUntil: Int
        switch stagesPair.value.kind {
        case .scalar(_, .null):
            block = definition.yaml(indent: stagesPair.key.column + 1)
            insertAt = stagesPair.key.line
            replaceUntil = insertAt
        case let .mapping(stagePairs) where !stagePairs.isEmpty && stagePairs[0].key.line > stagesPair.key.line:
            let indent = stagePairs[0].key.column - 1
            block = definition.yaml(indent: indent)
            func isBlankOrComment(_ line: String) -> Bool {
                let trimmed = line.trimmingCharacters(in: " ")
                return trimmed.isEmpty || trimmed.hasPrefix("#")
            }
            if let existing = stagePairs.firstIndex(where: { $0.key.scalarText == definition.name }) {
                guard force else {
                    throw PipelineError(stagePairs[existing].key, "stage '\(definition.name)' already exists",
                                        hint: "use -f to replace it")
                }
                insertAt = stagePairs[existing].key.line - 1
                replaceUntil = existing + 1 < stagePairs.count ? stagePairs[existing + 1].key.line - 1 : endLine
                // Blank lines and comments before the next key stay with it.
                while replaceUntil > insertAt + 1, isBlankOrComment(lines[replaceUntil - 1]) { replaceUntil -= 1 }
            } else {
                insertAt = endLine
                while insertAt > stagesPair.key.line, lines[insertAt - 1].trimmingCharacters(in: " ").isEmpty { insertAt -= 1 }
                replaceUntil = insertAt
            }
        default:
            throw PipelineError(stagesPair.value, "`stages` is not a block mapping, so mlx cannot add to it",
                                hint: "write each stage on its own lines under `stages:`")
        }
        let newLines = block.split(separator: "\n").map(String.init)
        lines.replaceSubrange(insertAt..<replaceUntil, with: newLines)
        return lines.joined(separator: "\n") + "\n"
    }
}
