/// Series colours: distinct, readable on white, and told apart by most colour-blind readers
/// (Okabe–Ito's order, then darker tones).
enum PlotPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D00", "#000000",
                         "#6A3D9A", "#B15928"]

    static func color(_ index: Int) -> String {
        colors[index % colors.count]
    }
}
