internal import CGit2

/// Owns one `git_config *` and frees it when the last reference goes.
final class ConfigHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_config_free(pointer)
    }
}
