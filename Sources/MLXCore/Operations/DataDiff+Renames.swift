extension DataDiff {
    /// This diff with each deleted path whose exact content (same oid) was added at another path
    /// turned into one rename, as `dvc diff` reports it. When several paths share an oid, they
    /// pair in path order; the rest stay added or deleted. A renamed directory's files are not
    /// listed: they are the same files under the new path.
    public func pairingRenames() -> DataDiff {
        var addedByOID: [String: [Int]] = [:]
        for (position, change) in added.enumerated() {
            guard let oid = change.new?.oid else { continue }
            addedByOID[oid, default: []].append(position)
        }
        var pairedAdded = Set<Int>()
        var renames: [Change] = []
        var stillDeleted: [Change] = []
        for change in deleted {
            guard let oid = change.old?.oid, var candidates = addedByOID[oid], !candidates.isEmpty else {
                stillDeleted.append(change)
                continue
            }
            let position = candidates.removeFirst()
            addedByOID[oid] = candidates
            pairedAdded.insert(position)
            let target = added[position]
            renames.append(Change(path: target.path, old: change.old, new: target.new, renamedFrom: change.path))
        }
        let stillAdded = added.enumerated().filter { !pairedAdded.contains($0.offset) }.map(\.element)
        return DataDiff(added: stillAdded, deleted: stillDeleted, modified: modified, renamed: renamed + renames)
    }
}
