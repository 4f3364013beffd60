#if canImport(Glibc)
import Glibc
#endif

/// Byte order of UTF-8, the order manifests and listings use (Swift's `<` on `String` is
/// Unicode order, which differs). `memcmp` on the contiguous UTF-8: sorting 100,000 paths with
/// the generic sequence comparison was a tenth of a no-change `status`.
enum ByteOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order < 0 || (order == 0 && left.count < right.count)
            }
        }
    }
}
