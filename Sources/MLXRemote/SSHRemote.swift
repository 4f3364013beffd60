import Foundation
import MLXCore
import MLXHash

/// A remote in a folder on an SSH server, spoken to over SFTP through libcurl (libssh2).
///
/// Uploads are atomic: the bytes go to a temporary name in the object's folder (`.mlx-tmp-…`,
/// which `list` skips), and only a whole, verified file is renamed to its key, in the same
/// session. An upload whose bytes do not hash to their digest is cut short before its last
/// piece and its temporary removed. Downloads that break off resume where they stopped, a
/// few times, as long as each try moves bytes. The server's host key must be in
/// `known_hosts`: an unknown or changed key is refused, never accepted.
public struct SSHRemote: Remote {
    public let configuration: SSHRemoteConfiguration
    let pool: SFTPConnectionPool

    /// How often a broken download resumes within one call, before the transfer queue's retry.
    static let resumeAttempts = 3

    public var displayName: String {
        let url = URLRedaction.redact(configuration.url)
        return configuration.name.isEmpty ? url : "'\(configuration.name)' (\(url))"
    }

    public init(configuration: SSHRemoteConfiguration) {
        self.configuration = configuration
        pool = SFTPConnectionPool(configuration: configuration)
    }

    // MARK: - Remote

    public func size(of key: String) throws(RemoteError) -> Int64? {
        let reply: SFTPReply
        do throws(SFTPFailure) {
            reply = try pool.perform(SFTPRequest(path: serverPath(key), action: .stat))
        } catch {
            if error.kind == .notFound { return nil }
            throw self.error(for: error, key: key)
        }
        // libcurl reports an empty file's size as unknown (some servers send 0 for any file).
        return reply.size ?? 0
    }

    public func download(_ key: String, to destination: String) throws(RemoteError) {
        let descriptor = try TransferFile.createDownload(destination, remote: displayName, key: key)
        var closed = false
        defer { if !closed { close(descriptor) } }
        var offset: Int64 = 0
        var resumes = 0
        while true {
            do throws(SFTPFailure) {
                _ = try pool.perform(SFTPRequest(path: serverPath(key), action: .download(descriptor: descriptor, offset: offset)))
                break
            } catch {
                // A session that broke off after moving bytes resumes from there on a new one.
                guard error.kind == .retryable, error.bytesWritten > 0, resumes < Self.resumeAttempts else {
                    throw self.error(for: error, key: key)
                }
                offset += error.bytesWritten
                resumes += 1
            }
        }
        closed = true
        try TransferFile.closeDownload(descriptor, destination: destination, remote: displayName, key: key)
    }

    /// With `digest`, the bytes are hashed as libcurl sends them, and a file that does not
    /// match is never renamed to its key.
    public func upload(_ source: String, size: Int64, to key: String, verifying digest: Digest?) throws(RemoteError) {
        let descriptor = try TransferFile.openForUpload(source, size: size, remote: displayName, key: key)
        defer { close(descriptor) }
        if size == 0, let digest, Blake3.hash([]) != digest {
            throw corruptSource(source, actual: Blake3.hash([]), key: key)
        }
        let target = serverPath(key)
        let folder = Self.folder(of: target)
        let temporary = TemporaryFiles.path(in: folder.isEmpty ? "." : folder)
        let check = digest.map { HTTPUploadCheck(expected: $0, length: size) }
        let rename = "rename \(SFTPRequest.quoted(temporary)) \(SFTPRequest.quoted(target))"
        var request = SFTPRequest(path: temporary, action: .upload(HTTPFileRegion(descriptor: descriptor, offset: 0, length: size), check: check))
        request.postQuote = [rename]
        do throws(SFTPFailure) {
            _ = try pool.perform(request)
        } catch where error.kind == .command {
            try replace(target, with: temporary, rename: rename, size: size, key: key)
        } catch {
            removeQuietly(temporary)
            if let actual = check?.mismatch { throw corruptSource(source, actual: actual, key: key) }
            throw self.error(for: error, key: key)
        }
    }

    /// Renames the uploaded `temporary` over an existing `target`. OpenSSH's SFTP rename
    /// refuses to replace a file, so the old one is removed first (`*rm`: gone already is
    /// fine). Another writer of the same key may get in between and rename its own copy into
    /// place; keys name their content, so a target of the right size then holds these very
    /// bytes, and this upload is done.
    private func replace(_ target: String, with temporary: String, rename: String, size: Int64, key: String) throws(RemoteError) {
        var attempt = 0
        while true {
            attempt += 1
            do throws(SFTPFailure) {
                _ = try pool.perform(SFTPRequest(path: Self.folder(of: target), action: .commands,
                                                 quote: ["*rm \(SFTPRequest.quoted(target))", rename]))
                return
            } catch {
                if (try? self.size(of: key)) == size {
                    removeQuietly(temporary)
                    return
                }
                if attempt == 3 {
                    removeQuietly(temporary)
                    throw self.error(for: error, key: key)
                }
            }
        }
    }

    public func delete(_ key: String) throws(RemoteError) {
        let path = serverPath(key)
        do throws(SFTPFailure) {
            _ = try pool.perform(SFTPRequest(path: Self.folder(of: path), action: .commands, quote: ["rm \(SFTPRequest.quoted(path))"]))
        } catch {
            // Deleting a missing key is fine; any other refusal is not.
            if error.kind == .command, try size(of: key) == nil { return }
            throw self.error(for: error, key: key)
        }
    }

    // MARK: - Paths and errors

    /// `key` as the server sees it.
    func serverPath(_ key: String) -> String {
        configuration.root.isEmpty ? key : (configuration.root == "/" ? "/" + key : configuration.root + "/" + key)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Removes an upload's temporary, whatever happens: one left behind is never listed, and
    /// `mlx gc --cloud` removes it later.
    private func removeQuietly(_ path: String) {
        _ = try? pool.perform(SFTPRequest(path: Self.folder(of: path), action: .commands, quote: ["*rm \(SFTPRequest.quoted(path))"]))
    }

    func corruptSource(_ source: String, actual: Digest, key: String) -> RemoteError {
        RemoteError(.corruptSource, remote: displayName, key: key, message: "\(source) hashes to \(actual.hex), not to its name; nothing was stored")
    }

}
