import Foundation
import MLXCore
import MLXHash
import Synchronization

/// Multipart upload (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
/// AbortMultipartUpload): parts go up `partConcurrency` at a time straight from the file,
/// each retried on retryable errors, and any failure aborts the upload so that no parts are
/// left behind to be billed. With a digest to verify against, the parts' bytes are hashed in
/// file order as they are sent (`HTTPUploadCheck`), and an upload that does not match is
/// aborted, never completed.
extension S3Remote {
    /// One upload that CreateMultipartUpload started and nothing completed or aborted.
    struct PendingUpload: Equatable {
        let key: String
        let uploadID: String
    }

    func uploadInParts(descriptor: Int32, source: String, size: Int64, key: String, verifying digest: MLXHash.Digest?) throws(RemoteError) {
        let partSize = configuration.partSize(forObjectOf: size)
        let partCount = Int((size + partSize - 1) / partSize)
        let check = digest.map { HTTPUploadCheck(expected: $0, length: size) }
        Interruption.stopIfInterrupted()
        let uploadID = try createMultipartUpload(key: key)
        // Interrupted mid-upload, the parts sent so far would be billed until a lifecycle rule
        // removes them: abort the upload on the way out.
        let abortOnInterrupt = Interruption.onInterrupt { [self] in abortUntilGone(key: key, uploadID: uploadID) }
        defer { Interruption.remove(abortOnInterrupt) }
        do throws(RemoteError) {
            let etags: [String]
            do throws(RemoteError) {
                etags = try uploadParts(
                    descriptor: descriptor, source: source, size: size, partSize: partSize, partCount: partCount,
                    key: key, uploadID: uploadID, check: check)
            } catch {
                if let actual = check?.mismatch { throw corruptSource(source, actual: actual, key: key) }
                throw error
            }
            if let check, let digest {
                if let actual = check.mismatch { throw corruptSource(source, actual: actual, key: key) }
                // Parts read too far apart to hash in order: hash the file before completing.
                if !check.isComplete { try verify(descriptor: descriptor, source: source, against: digest, key: key) }
            }
            try completeMultipartUpload(key: key, uploadID: uploadID, etags: etags)
        } catch {
            abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }

    func createMultipartUpload(key: String) throws(RemoteError) -> String {
        let response = try perform(key: key) { () throws(HTTPError) in
            try send("POST", path: objectPath(key), query: [("uploads", "")])
        }
        guard response.status == 200 else { throw error(for: response, key: key) }
        guard let uploadID = try parse(response, key: key).text(of: "UploadId"), !uploadID.isEmpty else {
            throw RemoteError(.retryable, remote: displayName, key: key, message: "the server started a multipart upload without an id")
        }
        return uploadID
    }

    /// Sends every part with at most `partConcurrency` in flight; returns the ETags in part order.
    private func uploadParts(
        descriptor: Int32, source: String, size: Int64, partSize: Int64, partCount: Int, key: String, uploadID: String,
        check: HTTPUploadCheck?
    ) throws(RemoteError) -> [String] {
        struct Progress {
            var next = 0
            var etags: [String?]
            var failure: RemoteError?
        }
        let progress = Mutex(Progress(etags: Array(repeating: nil, count: partCount)))
        // Dedicated threads: each blocks in libcurl, and the global queues' width is not ours to take.
        ThreadGroup(count: min(configuration.partConcurrency, partCount)) { _ in
            while true {
                let index: Int? = progress.withLock { state in
                    guard state.failure == nil, state.next < partCount else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { return }
                let offset = Int64(index) * partSize
                let region = HTTPFileRegion(descriptor: descriptor, offset: offset, length: min(partSize, size - offset))
                do throws(RemoteError) {
                    let etag = try uploadPart(index + 1, region: region, source: source, key: key, uploadID: uploadID, check: check)
                    progress.withLock { $0.etags[index] = etag }
                } catch {
                    progress.withLock { state in
                        if state.failure == nil { state.failure = error }
                    }
                    return
                }
            }
        }.join()
        let outcome = progress.withLock { ($0.failure, $0.etags) }
        if let failure = outcome.0 { throw failure }
        return outcome.1.map { $0! }
    }

    /// UploadPart, tried up to `partAttempts` times while the failure is retryable.
    func uploadPart(_ number: Int, region: HTTPFileRegion, source: String, key: String, uploadID: String,
                    check: HTTPUploadCheck? = nil) throws(RemoteError) -> String {
        let hash = try payloadHash(of: region, source: source, key: key)
        var attempt = 1
        while true {
            do throws(RemoteError) {
                let response = try perform(key: key) { () throws(HTTPError) in
                    try send("PUT", path: objectPath(key), query: [("partNumber", String(number)), ("uploadId", uploadID)],
                             bodyFile: region, bodyCheck: check, payloadHash: hash)
                }
                guard response.status == 200 else { throw error(for: response, key: key) }
                guard let etag = response.header("etag"), !etag.isEmpty else {
                    throw RemoteError(.retryable, remote: displayName, key: key, message: "the server accepted part \(number) without an ETag")
                }
                return etag
            } catch where error.kind == .retryable && attempt < configuration.partAttempts {
                // Short capped backoff with jitter: the queue's backoff covers longer outages.
                let delay = min(2.0, 0.2 * Double(1 << (attempt - 1))) * Double.random(in: 0.5...1.0)
                Thread.sleep(forTimeInterval: delay)
                attempt += 1
            }
        }
    }

    func completeMultipartUpload(key: String, uploadID: String, etags: [String]) throws(RemoteError) {
        var document = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (index, etag) in etags.enumerated() {
            document += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(etag.xmlEscaped)</ETag></Part>"
        }
        document += "</CompleteMultipartUpload>"
        let body = Array(document.utf8)
        let response = try perform(key: key) { () throws(HTTPError) in
            try send("POST", path: objectPath(key), query: [("uploadId", uploadID)],
                     headers: [("Content-Type", "application/xml")], body: body)
        }
        guard response.status == 200 else { throw error(for: response, key: key) }
        // A 200 can still carry an <Error> that arrived after the headers: parse checks.
        _ = try parse(response, key: key)
    }

    /// Best effort: a failed abort leaves parts that a bucket lifecycle rule or a later
    /// `pendingUploads` clean-up removes; the upload's own error is the one worth reporting.
    func abortMultipartUpload(key: String, uploadID: String) {
        _ = try? send("DELETE", path: objectPath(key), query: [("uploadId", uploadID)])
    }

    /// Aborts an upload that parts may still be reaching (the push was interrupted and its part
    /// uploads are still in flight): S3 may keep a part that arrives after an abort, so the
    /// abort is repeated until the server no longer knows the upload, for up to 2.5 seconds.
    func abortUntilGone(key: String, uploadID: String) {
        let deadline = Date().addingTimeInterval(2.5)
        repeat {
            if let response = try? send("DELETE", path: objectPath(key), query: [("uploadId", uploadID)]), response.status == 404 { return }
            usleep(300_000)
        } while Date() < deadline
    }

    /// ListMultipartUploads under this remote's prefix: uploads started and never finished.
    func pendingUploads() throws(RemoteError) -> [PendingUpload] {
        var query: [(name: String, value: String)] = [("uploads", "")]
        if !configuration.prefix.isEmpty { query.append(("prefix", configuration.prefix + "/")) }
        let response = try perform(key: nil) { () throws(HTTPError) in try send("GET", path: bucketPath, query: query) }
        guard response.status == 200 else { throw error(for: response, key: nil) }
        let strip = configuration.prefix.isEmpty ? 0 : configuration.prefix.count + 1
        return try parse(response, key: nil).children("Upload").compactMap { upload in
            guard let key = upload.text(of: "Key"), let id = upload.text(of: "UploadId") else { return nil }
            return PendingUpload(key: String(key.dropFirst(strip)), uploadID: id)
        }
    }
}
