internal import CGit2

/// A failed libgit2 call: which C function, its return code and libgit2's own message.
///
/// Internal only: the public API turns it into a ``GitError`` or ``ConfigError`` that says what
/// the user asked for; this keeps the C detail for `-v` output as the error's `cause`.
struct LibGit2Failure: Error, Sendable, CustomStringConvertible {
    let function: String
    let code: Int32
    let message: String

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    var description: String { "\(function): \(message)" }
}

/// Throws a ``LibGit2Failure`` naming `function` when `result` is negative.
///
/// `git_error_last` is thread-local and overwritten by the next failing call, so it has to be
/// read here, right after the call, before anything else touches libgit2.
@discardableResult
func check(_ result: Int32, _ function: String) throws -> Int32 {
    guard result < 0 else { return result }
    var message = "error code \(result)"
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
    }
    throw LibGit2Failure(function: function, code: result, message: message)
}
