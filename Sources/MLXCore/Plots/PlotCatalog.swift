/// The plots a project defines — top-level `plots` and the stages' `plots` outputs — and the
/// choice of those to draw.
public struct PlotCatalog: Sendable {
    /// A plot of `mlx.yaml` before the command line's overrides: its properties and where it is.
    struct Entry: Sendable {
        var id: String
        var files: [String]
        var properties: PlotProperties
        var line: Int
    }

    private var entries: [Entry] = []

    /// The plots of `pipeline` (none without one): top-level plots first, then each stage's
    /// `plots` outputs not already defined at the top level.
    public init(pipeline: Pipeline?) {
        guard let pipeline else { return }
        for plot in pipeline.plots {
            entries.append(Entry(id: plot.id, files: plot.files, properties: plot.properties, line: plot.line))
        }
        for stage in pipeline.stages {
            for output in stage.outputs where output.kind == .plot && !entries.contains(where: { $0.id == output.path }) {
                entries.append(Entry(id: output.path, files: [output.path], properties: output.plot ?? PlotProperties(), line: stage.line))
            }
        }
    }

    /// The ids of the defined plots, in order.
    public var ids: [String] { entries.map(\.id) }

    /// The plots `targets` name (all of them when empty), overrides applied. A target is a
    /// plot id or a data file (project-relative, as `relative` gives it): a file some plots
    /// read picks those plots, another file of a known format is drawn with the defaults.
    public func select(targets: [String], relative: (String) -> String?, overrides: PlotOverrides = PlotOverrides()) throws -> [PlotSpec] {
        var chosen: [Entry] = []
        func add(_ entry: Entry) {
            if !chosen.contains(where: { $0.id == entry.id }) { chosen.append(entry) }
        }
        if targets.isEmpty {
            guard !entries.isEmpty else {
                throw PlotError(message: "mlx.yaml defines no plots",
                                hint: "add a `plots:` section to mlx.yaml, or name a data file: mlx plots show FILE")
            }
            entries.forEach(add)
        }
        for target in targets {
            let path = relative(target)
            if let entry = entries.first(where: { $0.id == target || $0.id == path }) {
                add(entry)
                continue
            }
            let readers = entries.filter { entry in path.map(entry.files.contains) ?? false }
            if !readers.isEmpty {
                readers.forEach(add)
            } else if let path, PlotDataFile.format(of: path) != nil {
                add(Entry(id: path, files: [path], properties: PlotProperties(), line: 0))
            } else {
                throw PlotError(message: "`\(target)` is neither a plot of mlx.yaml nor a CSV, TSV, JSON or YAML file",
                                hint: entries.isEmpty ? "name a data file" : "plots: " + ids.joined(separator: ", "))
            }
        }
        return try chosen.map { try spec($0, overrides: overrides) }
    }

    /// How `entry` is drawn: its properties, the command line's over them.
    private func spec(_ entry: Entry, overrides: PlotOverrides) throws -> PlotSpec {
        let properties = entry.properties
        let templateName = overrides.template ?? properties.template ?? PlotTemplate.linear.rawValue
        guard let template = PlotTemplate(rawValue: templateName) else {
            let unknown = PlotTemplate.unknown(templateName, plot: entry.id)
            // A template of mlx.yaml is named with its line there.
            if overrides.template == nil, entry.line > 0 {
                throw PipelineError(file: Pipeline.fileName, line: entry.line, message: unknown.message, hint: unknown.hint)
            }
            throw unknown
        }
        let sources = entry.files.map { file in
            PlotSpec.Source(file: file,
                            x: overrides.x ?? fields(of: properties.x, for: file).first,
                            y: overrides.y.map { [$0] } ?? fields(of: properties.y, for: file))
        }
        return PlotSpec(id: entry.id, template: template, title: overrides.title ?? properties.title,
                        xLabel: overrides.xLabel ?? properties.xLabel, yLabel: overrides.yLabel ?? properties.yLabel,
                        header: overrides.noHeader ? false : properties.header ?? true, sources: sources)
    }

    /// The fields `axis` names for `file`: those mapped to it, else those named without a file.
    private func fields(of axis: PlotAxis?, for file: String) -> [String] {
        guard let axis else { return [] }
        if let named = axis.sources.first(where: { $0.file == file }) { return named.fields }
        return axis.sources.first(where: { $0.file == nil })?.fields ?? []
    }
}
