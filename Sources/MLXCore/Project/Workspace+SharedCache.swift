/// Workspace links into a cache outside the project (`cache.dir`): `symlink`-type checkouts
/// point there, and reading such a link back is reading the project's own data, as it is for
/// a link into `.mlx/cache/files`.
extension Workspace {
    /// The real path of the objects folder of a cache outside the project; nil for `.mlx/cache`.
    var sharedCacheObjects: String? {
        guard project.hasExternalCache else { return nil }
        return ProjectPath.realPath(store.objectsRoot)
    }

    /// Whether the resolved path `real` is an object of a cache outside the project.
    func isSharedCacheObject(_ real: String) -> Bool {
        sharedCacheObjects.map { real.hasPrefix($0 + "/") } ?? false
    }
}
