/// A plot that cannot be drawn as asked: an unknown target, template or revision, a field the
/// data lacks.
public struct PlotError: ReportableError, Equatable {
    public var message: String
    public var hint: String?

    /// An error saying `message`, with what to do in `hint`.
    public init(message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
