/// An error that mlx shows to a user: a lower-case message, an optional hint, and a one-line
/// `description` that names the file (and line:column where known) it concerns.
///
/// The executable prints `mlx: error: \(description)` and, when present, the hint on its own line,
/// so every domain error renders the same way without the command layer knowing its type.
public protocol ReportableError: DiagnosableError, Sendable {
    /// What went wrong, lower-case, without the location prefix.
    var message: String { get }
    /// What the user can do about it, when there is something useful to say.
    var hint: String? { get }
}
