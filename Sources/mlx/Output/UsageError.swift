/// A mistake in how mlx was called (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
