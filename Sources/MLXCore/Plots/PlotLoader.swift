/// Reads the data of plots at revisions (from git, or the cache through that revision's
/// `mlx.lock`, as `metrics diff` does) and turns it into figures.
public struct PlotLoader {
    /// Where files are read: `revision` nil is the workspace.
    public let reader: ProjectFileReader

    /// A loader reading through `reader`.
    public init(reader: ProjectFileReader) {
        self.reader = reader
    }

    /// The figures of `specs` over `revisions` (nil: the workspace), one series per file ×
    /// revision × y field. A revision lacking a file is left out of its plots; a file no
    /// revision has, an unknown revision or a field the data lacks is an error.
    public func figures(_ specs: [PlotSpec], revisions: [String?]) throws -> [PlotFigure] {
        try checkExists(revisions)
        var tables: [String: PlotTable] = [:]
        return try specs.map { spec in
            var series: [PlotSeries] = []
            var yFields: [String] = []
            for source in spec.sources {
                var found = false
                for revision in revisions {
                    let key = "\(revision ?? "")\u{0}\(source.file)\u{0}\(spec.header)"
                    guard let table = try tables[key] ?? table(source.file, at: revision, header: spec.header) else { continue }
                    tables[key] = table
                    found = true
                    let extracted = PlotSeriesExtractor(spec: spec, source: source, table: table,
                                                        file: revision.map { "\($0):\(source.file)" } ?? source.file)
                    for (field, values) in try extracted.values() {
                        if !yFields.contains(field) { yFields.append(field) }
                        series.append(PlotSeries(revision: revision ?? "workspace", file: source.file, field: field, values: values))
                    }
                }
                guard found else {
                    let places = revisions.map { $0 ?? "the workspace" }.joined(separator: ", ")
                    throw PipelineError(file: source.file, message: "plot data file does not exist in \(places)",
                                        hint: "run 'mlx repro' to create it, or fix plot `\(spec.id)` in mlx.yaml")
                }
            }
            let xField = spec.sources.compactMap(\.x).first
            let xTitle = spec.xLabel ?? xField ?? "step"
            let yTitle = spec.yLabel ?? (yFields.count == 1 ? yFields[0] : "y")
            return PlotFigure(spec: spec, xTitle: xTitle, yTitle: yTitle, series: PlotSeries.named(series))
        }
    }

    /// Throws a plain message for a revision git does not know, before any file is read.
    private func checkExists(_ revisions: [String?]) throws {
        guard let source = reader.source else { return }
        for case let revision? in revisions {
            if revision == "HEAD", try source.headCommit() == nil { continue }
            do {
                _ = try source.resolve(revision: revision)
            } catch {
                throw PlotError(message: "unknown revision `\(revision)`",
                                hint: "name a commit, branch or tag that 'git log --all --oneline' shows")
            }
        }
    }

    private func table(_ file: String, at revision: String?, header: Bool) throws -> PlotTable? {
        guard let text = try reader.read(file, at: revision) else { return nil }
        do {
            return try PlotDataFile.parse(text, file: file, header: header)
        } catch {
            var located = error
            if let revision { located.file = "\(revision):\(file)" }
            throw located
        }
    }
}
