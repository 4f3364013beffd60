extension Workspace {
    /// What `storeObjects` did.
    struct StoredObjects {
        /// How many objects were new.
        var added = 0
        /// For each scanned file, whether its new object is a clone of it (see `relinkToCache`).
        var clonedFromWorkspace: [Bool] = []
    }
}
