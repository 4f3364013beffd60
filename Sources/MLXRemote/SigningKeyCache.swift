import Crypto
import Synchronization

/// A SigV4 signer's signing key for the last day it signed on: deriving it takes four HMACs,
/// and a push of 10,000 objects signs 10,000 requests on the same day.
final class SigningKeyCache: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    private let last = Mutex<(day: String, key: [UInt8])?>(nil)

    /// The key for `day`, derived by `derive` when the last one was for another day.
    func key(for day: String, derive: () -> SymmetricKey) -> SymmetricKey {
        if let cached = last.withLock({ $0 }), cached.day == day { return SymmetricKey(data: cached.key) }
        let key = derive()
        let bytes = key.withUnsafeBytes { Array($0) }
        last.withLock { $0 = (day, bytes) }
        return key
    }
}
