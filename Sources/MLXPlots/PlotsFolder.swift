import Foundation
import MLXCore

/// The folder `mlx plots` writes: `index.html` with every plot inline, and one `.svg` per plot.
public enum PlotsFolder {
    /// The default folder, beside where DVC writes `dvc_plots`.
    public static let defaultName = "mlx_plots"

    /// Draws `figures` and writes them into `directory` (created when missing): everything is
    /// drawn before the first file is written, and each file is replaced atomically, so a
    /// failure leaves the folder as it was. `template` is the text of a custom page
    /// (`--html-template`). Returns the page's path.
    public static func write(_ figures: [PlotFigure], revisions: [String], template: String? = nil, to directory: String) throws -> String {
        let renderer = PlotSVGRenderer()
        let svgs = figures.map(renderer.render)
        let page = try PlotsPage.html(figures: figures, svgs: svgs, revisions: revisions, template: template)
        let names = fileNames(figures.map(\.spec.id))
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError(message: "cannot create the output folder \(directory): \((error as NSError).localizedDescription.lowercased())",
                            hint: "choose another folder with -o")
        }
        for (name, svg) in zip(names, svgs) {
            try AtomicFile.write(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + svg + "\n", to: directory + "/" + name)
        }
        let index = directory + "/index.html"
        try AtomicFile.write(page, to: index)
        return index
    }

    /// A file name per plot id: the id with `/` and unusual characters as `_`, plus `.svg`,
    /// made unique with `-2`, `-3`, … when two ids spell the same.
    public static func fileNames(_ ids: [String]) -> [String] {
        var used = Set<String>()
        return ids.map { id in
            let stem = String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
            var name = stem + ".svg"
            var counter = 2
            while !used.insert(name).inserted {
                name = "\(stem)-\(counter).svg"
                counter += 1
            }
            return name
        }
    }
}
