import MLXCore

/// A mistake in how mlx was called (exit status 2).
struct UsageError: ReportableError {
    let message: String
    var hint: String? { "see 'mlx --help'" }
}
