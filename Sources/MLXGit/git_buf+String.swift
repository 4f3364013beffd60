internal import CGit2

extension git_buf {
    /// The text libgit2 put in the buffer, or `nil` when it is empty.
    var string: String? {
        guard let ptr, size > 0 else { return nil }
        return String(cString: ptr)
    }
}
