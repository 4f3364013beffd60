import Foundation
import MLXCore

extension SSHRemote {
    /// Walks the folders under `prefix`'s folder, one SFTP directory listing each, keeping the
    /// files whose keys start with `prefix`; temporaries (`.mlx-tmp-…`) are never listed.
    public func list(prefix: String) throws(RemoteError) -> [RemoteObject] {
        let start = prefix.lastIndex(of: "/").map { String(prefix[..<$0]) } ?? ""
        var objects: [RemoteObject] = []
        var folders = [start]
        while let folder = folders.popLast() {
            for entry in try entries(of: folder) where !TemporaryFiles.isTemporary(entry.name) {
                let key = folder.isEmpty ? entry.name : folder + "/" + entry.name
                if entry.isFolder {
                    // Only folders that can hold a key with the prefix.
                    if prefix.hasPrefix(key + "/") || (key + "/").hasPrefix(prefix) { folders.append(key) }
                } else if entry.isFile && key.hasPrefix(prefix) {
                    objects.append(RemoteObject(key: key, size: entry.size))
                }
            }
        }
        return objects
    }

    /// The entries of the remote's folder `folder` (a key prefix without its last `/`); none
    /// when it does not exist.
    func entries(of folder: String) throws(RemoteError) -> [SFTPListing.Entry] {
        let reply: SFTPReply
        do throws(SFTPFailure) {
            let path = folder.isEmpty ? (configuration.root.isEmpty ? "" : configuration.root) : serverPath(folder)
            reply = try pool.perform(SFTPRequest(path: path, action: .list))
        } catch {
            if error.kind == .notFound { return [] }
            throw self.error(for: error, key: folder.isEmpty ? nil : folder)
        }
        do {
            return try SFTPListing.parse(reply.body)
        } catch {
            throw RemoteError(.permanent, remote: displayName, key: folder.isEmpty ? nil : folder, message: "\(error)")
        }
    }
}
