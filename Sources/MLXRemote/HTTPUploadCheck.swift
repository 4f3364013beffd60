import MLXCore
import MLXHash
import Synchronization

/// Hashes an upload's bytes as libcurl reads them from the file, and judges them before the
/// last byte is handed over: a body that does not hash to `expected` is cut short, so the
/// server never receives a whole request and stores nothing.
///
/// The parts of a multipart upload are read several at once and out of order; bytes that
/// arrive ahead of the ones hashed so far wait in memory, up to `aheadLimit` bytes, until the
/// gap before them is filled. Past that limit the check gives up (`isComplete` stays false),
/// and the caller hashes the file itself before completing the upload.
public final class HTTPUploadCheck: Sendable {
    private struct State {
        var verifier: UploadVerifier
        var mismatch: Digest?
        /// Bytes read ahead of `verifier.hashedBytes`, by file offset.
        var ahead: [Int64: [UInt8]] = [:]
        var aheadBytes = 0
        var gaveUp = false
    }

    private let state: Mutex<State>
    private let aheadLimit: Int

    public init(expected: Digest, length: Int64, aheadLimit: Int = 64 << 20) {
        state = Mutex(State(verifier: UploadVerifier(expected: expected, length: length)))
        self.aheadLimit = aheadLimit
    }

    /// Whether `bytes`, read at file offset `offset`, may be sent: false once the whole file
    /// has been hashed and does not match.
    func accept(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Bool {
        state.withLock { state in
            if state.mismatch != nil { return false }
            if state.gaveUp { return true }
            if offset > state.verifier.hashedBytes {
                guard state.aheadBytes + bytes.count <= aheadLimit else {
                    state.gaveUp = true
                    state.ahead = [:]
                    return true
                }
                state.aheadBytes += bytes.count - (state.ahead[offset]?.count ?? 0)
                state.ahead[offset] = Array(bytes)
                return true
            }
            _ = state.verifier.consume(bytes, at: offset)
            // Bytes read ahead that the hash has now reached: each part is read front to back,
            // so its next piece starts exactly where the hash stands. (A piece that overlaps
            // instead, after a part was sent again, is never reached: the check stays
            // incomplete and the caller hashes the file.)
            while let waiting = state.ahead.removeValue(forKey: state.verifier.hashedBytes) {
                state.aheadBytes -= waiting.count
                let at = state.verifier.hashedBytes
                waiting.withUnsafeBytes { _ = state.verifier.consume($0, at: at) }
            }
            if state.verifier.isComplete, let actual = state.verifier.mismatch() {
                state.mismatch = actual
                return false
            }
            return true
        }
    }

    /// Whether every byte was hashed (and matched, unless `mismatch` says otherwise).
    public var isComplete: Bool { state.withLock { !$0.gaveUp && $0.verifier.isComplete } }

    /// What the body hashed to, when that was not the expected digest.
    public var mismatch: Digest? { state.withLock { $0.mismatch } }
}
