/// One line of progress on stderr, redrawn in place, only when stderr is a terminal and `-q`
/// was not given; cleared before results or errors are printed.
final class ProgressLine {
    private let enabled: Bool
    private var shown = false

    init(options: GlobalOptions) {
        enabled = Console.stderrIsTerminal && !options.quiet
    }

    func show(_ text: String) {
        guard enabled else { return }
        Console.errRaw("\r\u{1B}[K" + text)
        shown = true
    }

    func clear() {
        guard shown else { return }
        Console.errRaw("\r\u{1B}[K")
        shown = false
    }

    deinit { clear() }
}
