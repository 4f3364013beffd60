/// An error written for the person at the terminal: `description` is the one-line message
/// (lower case, naming the file, remote or stage it concerns), `hint` says what to do, and
/// `cause` is the underlying detail shown with `-v`.
public protocol DiagnosableError: Error, CustomStringConvertible {
    var hint: String? { get }
    var cause: String? { get }
}

extension DiagnosableError {
    public var hint: String? { nil }
    public var cause: String? { nil }
}
