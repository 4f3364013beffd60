/// A 32-byte BLAKE3 digest (placeholder until the hashing core lands).
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public init(bytes: [UInt8]) { precondition(bytes.count == 32); self.bytes = bytes }
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let b = UInt8(String(decoding: utf8[i..<i+2], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        bytes = out
    }
    public var hex: String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
    public var description: String { hex }
}
