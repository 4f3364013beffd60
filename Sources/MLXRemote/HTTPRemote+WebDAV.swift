import Foundation
import MLXCore
import MLXHash
import Synchronization

/// The WebDAV verbs: folders (MKCOL), atomic uploads (PUT to a temporary, MOVE), listings
/// (PROPFIND, one folder level at a time: many servers refuse `Depth: infinity`).
extension HTTPRemote {
    /// PUTs `request`'s body to a temporary name beside `key` and MOVEs it onto `key`; deletes
    /// the temporary when anything fails, so that no partial file stays behind.
    func uploadThroughTemporary(_ request: HTTPRequest, source: String, key: String) throws(RemoteError) {
        let folder = key.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        try makeFolder(folder, key: key)
        let temporaryName = String(TemporaryFiles.path(in: "/").dropFirst())
        let temporaryKey = folder.isEmpty ? temporaryName : folder + "/" + temporaryName
        var put = request
        put.url = url(of: temporaryKey)
        do throws(RemoteError) {
            let response: HTTPResponse
            do throws(RemoteError) {
                response = try send(put, key: key)
            } catch {
                if let actual = put.bodyCheck?.mismatch { throw corruptSource(source, actual: actual, key: key) }
                throw error
            }
            guard (200..<300).contains(response.status) else { throw error(for: response, method: "PUT", key: key) }
            let moved = try send("MOVE", url: url(of: temporaryKey), key: key,
                                 headers: [("Destination", url(of: key)), ("Overwrite", "T")])
            guard (200..<300).contains(moved.status) else { throw error(for: moved, method: "MOVE", key: key) }
        } catch {
            _ = try? send("DELETE", url: url(of: temporaryKey), key: key)
            throw error
        }
    }

    /// Makes the folder `folder` (a key prefix without trailing `/`) and its missing parents.
    /// The deepest folder is tried first: on a remote that has it, that is the only request.
    func makeFolder(_ folder: String, key: String) throws(RemoteError) {
        if folder.isEmpty || knownFolders.contains(folder) { return }
        knownFolders.making.lock()
        defer { knownFolders.making.unlock() }
        var missing: [String] = []
        var current = folder
        while !current.isEmpty && !knownFolders.contains(current) {
            if try makeCollection(url(of: current) + "/", key: key) {
                knownFolders.insert(current)
                break
            }
            missing.append(current)
            current = current.split(separator: "/").dropLast().joined(separator: "/")
            if current.isEmpty { try makeBaseFolder(key: key) }
        }
        for folder in missing.reversed() {
            guard try makeCollection(url(of: folder) + "/", key: key) else {
                throw RemoteError(.retryable, remote: displayName, key: key, message: "folder \(folder) vanished while it was being made")
            }
            knownFolders.insert(folder)
        }
    }

    /// MKCOL `folderURL`: true once the folder is there (made now, or already: 405), false
    /// when its parent is missing (409). A server error may come from another writer making
    /// the same folder at that moment (wsgidav answers 500), so the folder is looked for first.
    private func makeCollection(_ folderURL: String, key: String) throws(RemoteError) -> Bool {
        let response = try send("MKCOL", url: folderURL, key: key)
        switch response.status {
        case 200..<300, 405:
            return true
        case 409:
            return false
        default:
            if response.status >= 500,
               let found = try? send("PROPFIND", url: folderURL, key: key, headers: [("Depth", "0")], body: Self.propfindBody),
               found.status == 207 {
                return true
            }
            throw error(for: response, method: "MKCOL", key: key)
        }
    }

    /// Makes the remote's own folder (the URL's path) and its missing parents, from the top.
    private func makeBaseFolder(key: String) throws(RemoteError) {
        guard let separator = configuration.baseURL.range(of: "://") else { return }
        let afterScheme = configuration.baseURL[separator.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return }
        let origin = configuration.baseURL[..<slash]
        var path = ""
        for segment in afterScheme[slash...].split(separator: "/") {
            path += "/" + segment
            guard try makeCollection(origin + path + "/", key: key) else {
                throw RemoteError(.retryable, remote: displayName, key: key, message: "folder \(path) vanished while it was being made")
            }
        }
    }

    /// Every file under `prefix` (temporaries included) with its key, found by walking folders
    /// down from the deepest one that the prefix names whole, `listingWidth` folders at a time.
    func listWebDAV(prefix: String) throws(RemoteError) -> [(key: String, entry: FolderEntry)] {
        let slash = prefix.lastIndex(of: "/")
        let start = slash.map { String(prefix[...$0]) } ?? ""
        let namePrefix = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        var frontier: [(folder: String, namePrefix: String)] = [(start, namePrefix)]
        var files: [(key: String, entry: FolderEntry)] = []
        while !frontier.isEmpty {
            let level = try propfindAll(frontier.map(\.folder))
            var next: [(folder: String, namePrefix: String)] = []
            for (index, entries) in level.enumerated() {
                let (folder, namePrefix) = frontier[index]
                for entry in entries where entry.name.hasPrefix(namePrefix) {
                    if entry.isFolder {
                        next.append((folder + entry.name + "/", ""))
                    } else {
                        files.append((folder + entry.name, entry))
                    }
                }
            }
            frontier = next
        }
        return files
    }

    /// One entry of a folder's listing.
    struct FolderEntry {
        var name: String
        var isFolder: Bool
        var size: Int64
        var etag: String?
        /// `getlastmodified`, in nanoseconds since the epoch.
        var modifiedNs: Int64?
    }

    /// The listings of `folders`, in their order, with at most `listingWidth` requests at once
    /// on dedicated threads (each blocks in libcurl).
    private func propfindAll(_ folders: [String]) throws(RemoteError) -> [[FolderEntry]] {
        if folders.count == 1 { return [try propfind(folders[0])] }
        struct Progress {
            var next = 0
            var listings: [[FolderEntry]]
            var failure: RemoteError?
        }
        let progress = Mutex(Progress(listings: Array(repeating: [], count: folders.count)))
        ThreadGroup(count: min(configuration.listingWidth, folders.count)) { _ in
            while let index = progress.withLock({ state -> Int? in
                guard state.failure == nil, state.next < folders.count else { return nil }
                defer { state.next += 1 }
                return state.next
            }) {
                do throws(RemoteError) {
                    let listing = try propfind(folders[index])
                    progress.withLock { $0.listings[index] = listing }
                } catch {
                    progress.withLock { if $0.failure == nil { $0.failure = error } }
                    return
                }
            }
        }.join()
        let outcome = progress.withLock { ($0.failure, $0.listings) }
        if let failure = outcome.0 { throw failure }
        return outcome.1
    }

    static let propfindBody = Array(("<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
        + "<D:resourcetype/><D:getcontentlength/><D:getetag/><D:getlastmodified/></D:prop></D:propfind>").utf8)

    /// The entries of `folder` (a key prefix ending in `/`, or empty for the root); none when
    /// the folder does not exist.
    func propfind(_ folder: String) throws(RemoteError) -> [FolderEntry] {
        let folderURL = url(of: String(folder.dropLast(folder.hasSuffix("/") ? 1 : 0)))
        let response = try send("PROPFIND", url: folderURL.hasSuffix("/") ? folderURL : folderURL + "/", key: folder,
                                headers: [("Depth", "1"), ("Content-Type", "application/xml; charset=utf-8")], body: Self.propfindBody)
        switch response.status {
        case 207:
            break
        case 404, 410:
            return []
        default:
            throw error(for: response, method: "PROPFIND", key: folder)
        }
        let root: XMLTree
        do {
            root = try XMLTree.parse(response.body)
        } catch {
            throw RemoteError(.retryable, remote: displayName, key: folder, message: "the server's listing is not valid XML (\(error))")
        }
        let folderPath = Self.decodedPath(of: folderURL)
        let dates = DateFormatter()
        dates.locale = Locale(identifier: "en_US_POSIX")
        dates.timeZone = TimeZone(identifier: "GMT")
        dates.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        var entries: [FolderEntry] = []
        for answer in root.children("response") {
            guard let href = answer.text(of: "href") else { continue }
            var path = Self.decodedPath(of: href)
            let isFolder = answer.children("propstat").contains { $0.child("prop")?.child("resourcetype")?.child("collection") != nil }
            while path.hasSuffix("/") { path.removeLast() }
            guard path.hasPrefix(folderPath + "/") else { continue }  // the folder itself
            let name = String(path.dropFirst(folderPath.count + 1))
            guard !name.isEmpty, !name.contains("/") else { continue }
            let found = answer.children("propstat").first { ($0.text(of: "status") ?? "").contains(" 200") }?.child("prop")
            let size = found?.text(of: "getcontentlength").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            if !isFolder && size == nil {
                throw RemoteError(.permanent, remote: displayName, key: folder + name, message: "the server's listing gives no size for the file")
            }
            let etag = found?.text(of: "getetag").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            let modified = found?.text(of: "getlastmodified").flatMap { dates.date(from: $0) }.map { Int64($0.timeIntervalSince1970 * 1e9) }
            entries.append(FolderEntry(name: name, isFolder: isFolder, size: size ?? 0, etag: etag, modifiedNs: modified))
        }
        return entries
    }

    /// The percent-decoded path of a URL or of an absolute path, without trailing `/`.
    static func decodedPath(of reference: String) -> String {
        var path = Substring(reference)
        if let separator = path.range(of: "://") {
            let rest = path[separator.upperBound...]
            path = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        var decoded = String(path).removingPercentEncoding ?? String(path)
        while decoded.hasSuffix("/") { decoded.removeLast() }
        return decoded
    }
}
