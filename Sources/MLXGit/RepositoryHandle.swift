internal import CGit2

/// Owns one `git_repository *` and frees it when the last reference goes.
final class RepositoryHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }
}
