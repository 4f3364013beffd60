/// A 32-byte BLAKE3 digest, the object id of content.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Length of a digest in bytes.
    public static let byteCount = 32

    // Inline storage: a digest is a map key everywhere, so it should not cost an allocation.
    private let storage: SIMD32<UInt8>

    /// A digest from its 32 bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == Digest.byteCount, "a digest is 32 bytes")
        var storage = SIMD32<UInt8>()
        for index in 0..<Digest.byteCount { storage[index] = bytes[index] }
        self.storage = storage
    }

    /// A digest from exactly 64 lower-case hex characters; anything else is `nil`, so that an
    /// object id has one spelling only.
    public init?(hex: String) {
        let characters = Array(hex.utf8)
        guard characters.count == 2 * Digest.byteCount else { return nil }
        var storage = SIMD32<UInt8>()
        for index in 0..<Digest.byteCount {
            guard let high = Digest.nibble(characters[2 * index]), let low = Digest.nibble(characters[2 * index + 1])
            else { return nil }
            storage[index] = high << 4 | low
        }
        self.storage = storage
    }

    /// The digest in the first 32 bytes of `raw` (no intermediate array).
    public init(copying raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= Digest.byteCount, "a digest is 32 bytes")
        storage = raw.loadUnaligned(as: SIMD32<UInt8>.self)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] { (0..<Digest.byteCount).map { storage[$0] } }

    /// Appends `hex`'s 64 characters to `out` without making a string: a million-entry manifest
    /// writes a million of them.
    public func appendHex(to out: inout [UInt8]) {
        for index in 0..<Digest.byteCount {
            out.append(Digest.hexDigits[Int(storage[index] >> 4)])
            out.append(Digest.hexDigits[Int(storage[index] & 0x0F)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// 64 lower-case hex characters, as `b3sum` prints them.
    public var hex: String {
        let digits = Digest.hexDigits
        return String(unsafeUninitializedCapacity: 2 * Digest.byteCount) { buffer in
            for index in 0..<Digest.byteCount {
                buffer[2 * index] = digits[Int(storage[index] >> 4)]
                buffer[2 * index + 1] = digits[Int(storage[index] & 0x0F)]
            }
            return 2 * Digest.byteCount
        }
    }

    /// The hex form.
    public var description: String { hex }

    /// Orders digests as their hex strings sort.
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        for index in 0..<Digest.byteCount where lhs.storage[index] != rhs.storage[index] {
            return lhs.storage[index] < rhs.storage[index]
        }
        return false
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
