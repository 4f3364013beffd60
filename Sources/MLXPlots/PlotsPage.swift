import MLXCore

/// The HTML page of `mlx plots`: every plot's SVG inline, styles inline, no script, so it
/// renders offline and from any folder it is copied to.
public enum PlotsPage {
    /// Where a custom page (`--html-template`) wants the plots, as DVC's templates mark it.
    public static let placeholder = "{plot_divs}"

    /// The page for `figures` drawn as `svgs` (same order), listing the revisions compared;
    /// with `template` (the text of an HTML file holding `{plot_divs}`), that page with the
    /// plots in place of the placeholder.
    public static func html(figures: [PlotFigure], svgs: [String], revisions: [String], template: String? = nil) throws -> String {
        var plots = ""
        for (figure, svg) in zip(figures, svgs) {
            let files = Array(Set(figure.spec.sources.map(\.file))).sorted().joined(separator: ", ")
            plots += "<figure id=\"\(figure.spec.id.xmlEscaped)\">\(svg)<figcaption>\(figure.spec.id.xmlEscaped) — \(files.xmlEscaped)</figcaption></figure>\n"
        }
        if let template {
            guard template.contains(placeholder) else {
                throw PlotError(message: "the HTML template has no \(placeholder) placeholder",
                                hint: "write \(placeholder) where the plots go")
            }
            // DVC's templates may also hold {scripts} for Vega; mlx's page needs none.
            return template.replacingOccurrences(of: placeholder, with: plots).replacingOccurrences(of: "{scripts}", with: "")
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="mlx plots">
            <title>mlx plots</title>
            <style>
            body { font-family: sans-serif; margin: 16px; color: #222; background: #fafafa; }
            h1 { font-size: 18px; margin: 0 0 4px; }
            p.revisions { margin: 0 0 16px; color: #555; }
            main { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 0; background: #fff; border: 1px solid #ddd; padding: 8px; max-width: 100%; overflow-x: auto; }
            figcaption { font-size: 12px; color: #666; margin-top: 4px; }
            </style>
            </head>
            <body>
            <h1>mlx plots</h1>
            <p class="revisions">\(revisions.joined(separator: ", ").xmlEscaped)</p>
            <main>
            \(plots)</main>
            </body>
            </html>

            """
    }
}
