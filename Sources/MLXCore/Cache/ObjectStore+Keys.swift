extension ObjectStore {
    /// The key of `oid` in the shared layout (`files/blake3/48/8de2…`), the same in the cache and
    /// on every remote.
    public static func key(for oid: ObjectID) -> String {
        let name = oid.string
        return "files/blake3/" + name.prefix(2) + "/" + name.dropFirst(2)
    }

    /// The object id a key names, or nil for keys that are not objects (temporaries, run cache).
    public static func objectID(forKey key: String) -> ObjectID? {
        let parts = key.split(separator: "/")
        guard parts.count == 4, parts[0] == "files", parts[1] == "blake3", parts[2].count == 2 else { return nil }
        return ObjectID(String(parts[2] + parts[3]))
    }
}
