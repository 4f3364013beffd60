extension DataDiff {
    /// The changes at or under the project-relative `targets` (`dvc diff --targets`): an output
    /// named, one under a named folder, or the directory holding a named path, of which only
    /// the files under that path are kept. A rename is kept when either of its paths is.
    /// No targets keeps everything.
    public func restricted(to targets: [String]) -> DataDiff {
        guard !targets.isEmpty else { return self }
        func covers(_ path: String) -> Bool {
            targets.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
        }
        func keep(_ changes: [Change]) -> [Change] {
            changes.compactMap { change in
                if covers(change.path) || change.renamedFrom.map(covers) == true { return change }
                guard targets.contains(where: { $0.hasPrefix(change.path + "/") }) else { return nil }
                return Change(path: change.path, old: change.old, new: change.new, files: change.files?.restricted(to: targets),
                              missingManifests: change.missingManifests, renamedFrom: change.renamedFrom)
            }
        }
        return DataDiff(added: keep(added), deleted: keep(deleted), modified: keep(modified), renamed: keep(renamed))
    }
}
