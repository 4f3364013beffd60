internal import CGit2

extension git_oid {
    /// The oid as 40 lower-case hex digits (`git_oid_tostr`).
    var hex: String {
        var oid = self
        // Room for the 40 hex digits and the terminating NUL that git_oid_tostr writes.
        var buffer = [CChar](repeating: 0, count: 41)
        _ = buffer.withUnsafeMutableBufferPointer { git_oid_tostr($0.baseAddress, $0.count, &oid) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
