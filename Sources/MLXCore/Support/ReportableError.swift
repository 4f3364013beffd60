/// An error written for the person at the terminal; every error mlx shows a user is one.
///
/// The executable prints `mlx: error: \(description)`, then the hint on its own line and, with
/// `-v`, the cause (see ``diagnosticDetails(verbose:)``), so every domain error renders the same
/// way without the command layer knowing its type.
public protocol ReportableError: Error, CustomStringConvertible {
    /// What went wrong, lower-case; `description` puts it after the file, remote or stage it
    /// concerns where the type knows one.
    var message: String { get }
    /// What the user can do about it, when there is something useful to say.
    var hint: String? { get }
    /// The underlying detail (the C call, the library's words), shown only with `-v`.
    var cause: String? { get }
}

extension ReportableError {
    public var hint: String? { nil }
    public var cause: String? { nil }
    public var description: String { message }

    /// The lines printed below `mlx: error: …`: `hint: …`, and with `verbose` `cause: …`,
    /// with passwords in URLs masked.
    public func diagnosticDetails(verbose: Bool) -> [String] {
        var lines: [String] = []
        if let hint { lines.append("hint: \(URLRedaction.redact(hint))") }
        if verbose, let cause { lines.append("cause: \(URLRedaction.redact(cause))") }
        return lines
    }
}
