extension ParamValue {
    /// Whether two values mean the same, as DVC compares params (Python's `==`): `1` and `1.0`
    /// are the same number, at any depth of lists and mappings. A hand edit from `lr: 1` to
    /// `lr: 1.0` therefore neither re-runs a stage nor shows in `params diff`; the exact text
    /// is still what `mlx.lock` records.
    public func isEquivalent(to other: ParamValue) -> Bool {
        switch (self, other) {
        case let (.integer(integer), .float(float)), let (.float(float), .integer(integer)):
            return Double(integer) == float
        case let (.list(lhs), .list(rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.isEquivalent(to: $1) }
        case let (.dict(lhs), .dict(rhs)):
            return lhs.count == rhs.count
                && zip(lhs, rhs).allSatisfy { $0.key == $1.key && $0.value.isEquivalent(to: $1.value) }
        default:
            return self == other
        }
    }

    /// `isEquivalent` for values that may be absent: two absences are the same.
    static func equivalent(_ lhs: ParamValue?, _ rhs: ParamValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case let (lhs?, rhs?): lhs.isEquivalent(to: rhs)
        default: false
        }
    }
}
