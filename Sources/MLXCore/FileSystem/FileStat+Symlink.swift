extension FileStat {
    /// These facts, or the target's when this is a symlink (what reading the path sees).
    func resolvingSymlink(_ path: String) throws(FileSystemError) -> FileStat {
        isSymlink ? try FileStat.following(path) : self
    }
}
