import Foundation
import MLXCore

/// The local file of an upload or download, opened, checked and closed the same way by every
/// network remote (S3, HTTP/WebDAV, SSH), so each reports a vanished, changed or unwritable
/// file in the same words.
enum TransferFile {
    /// Opens `source` for reading and checks that it still has the `size` it was hashed at;
    /// the caller closes the returned descriptor.
    static func openForUpload(_ source: String, size: Int64, remote: String, key: String) throws(RemoteError) -> Int32 {
        let descriptor = open(source, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RemoteError(.permanent, remote: remote, key: key, message: "cannot read \(source): \(systemError())")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let message = "cannot read \(source): \(systemError())"
            close(descriptor)
            throw RemoteError(.permanent, remote: remote, key: key, message: message)
        }
        guard Int64(status.st_size) == size else {
            close(descriptor)
            throw RemoteError(.permanent, remote: remote, key: key,
                              message: "\(source) is \(status.st_size) bytes, not the expected \(size): it changed since it was hashed")
        }
        return descriptor
    }

    /// Creates a download's `destination`, which must not exist; the caller closes (with
    /// ``closeDownload(_:destination:remote:key:)``) and, on failure, removes it.
    static func createDownload(_ destination: String, remote: String, key: String) throws(RemoteError) -> Int32 {
        let descriptor = TemporaryFiles.creating(destination) { open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else {
            let code = errno
            throw RemoteError(.permanent, remote: remote, key: key, message: "cannot create \(destination): \(systemError())",
                              localErrorCode: code)
        }
        return descriptor
    }

    /// Closes a download's `destination`: a failed close is the file system's last word on the
    /// writes (a full disk, an I/O error), so it fails the download for good.
    static func closeDownload(_ descriptor: Int32, destination: String, remote: String, key: String) throws(RemoteError) {
        guard close(descriptor) == 0 else {
            let code = errno
            throw RemoteError(.permanent, remote: remote, key: key, message: "cannot write \(destination): \(systemError())",
                              localErrorCode: code)
        }
    }

    /// Writes all of `bytes` to `descriptor` (a download's file), retrying interrupted and
    /// short writes; returns the errno of a failed write, nil when everything was written.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += written
        }
        return nil
    }

    /// The last system call's error, as the messages above word it.
    static func systemError() -> String { String(cString: strerror(errno)).lowercased() }
}
