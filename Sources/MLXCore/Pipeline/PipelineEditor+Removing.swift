extension PipelineEditor {
    /// The text without the stage `name`'s block under `stages`: its key line through its last
    /// line, leaving blank lines and comments that lead to the next stage in place.
    static func edit(_ text: String, removing name: String) throws -> String {
        var block = try StageBlock(text, stage: name)
        block.lines.removeSubrange(block.start..<block.end)
        return block.text
    }
}
