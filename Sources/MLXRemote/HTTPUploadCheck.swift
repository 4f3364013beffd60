import MLXCore
import MLXHash
import Synchronization

/// Hashes a request body as libcurl reads it from the file (`HTTPFileRegion` at offset 0), and
/// judges it before the last byte is handed over: a body that does not hash to `expected` is
/// cut short, so the server never receives a whole request and stores nothing.
public final class HTTPUploadCheck: Sendable {
    private struct State {
        var verifier: UploadVerifier
        var mismatch: Digest?
    }

    private let state: Mutex<State>

    public init(expected: Digest, length: Int64) {
        state = Mutex(State(verifier: UploadVerifier(expected: expected, length: length)))
    }

    /// Whether `bytes`, read at `offset`, may be sent: false once the body is known not to
    /// match (or cannot be checked, after a seek past the bytes hashed so far).
    func accept(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Bool {
        state.withLock { state in
            guard state.mismatch == nil, state.verifier.consume(bytes, at: offset) else { return false }
            if state.verifier.isComplete, let actual = state.verifier.mismatch() {
                state.mismatch = actual
                return false
            }
            return true
        }
    }

    /// What the body hashed to, when that was not the expected digest.
    public var mismatch: Digest? { state.withLock { $0.mismatch } }
}
