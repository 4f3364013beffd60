/// Chaining values of the complete subtrees left of the input position, largest first.
///
/// Merging is lazy: a push first merges what the previous pushes completed. So the newest entry
/// is never merged before the caller knows whether more input follows it, which is what decides
/// whether a node is the root.
struct ChainingValueStack: Sendable {
    private var entries: [ChainingValue] = []
    private let key: ChainingValue
    private let flags: UInt32

    /// Chunks covered by the entries.
    private(set) var chunkCount: UInt64 = 0

    init(key: ChainingValue, flags: UInt32) {
        self.key = key
        self.flags = flags
        // 54 levels cover 2^64 bytes of input, so the stack never reallocates.
        entries.reserveCapacity(54)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Adds the chaining value of the next `chunks` chunks; `chunks` is a power of two that
    /// divides `chunkCount`, so the new subtree sits where the tree would put it.
    mutating func push(_ chainingValue: ChainingValue, chunks: UInt64) {
        mergeCompleted()
        entries.append(chainingValue)
        chunkCount += chunks
    }

    /// The root node over the entries with `rightmost` as the last node of the input.
    func root(over rightmost: OutputNode) -> OutputNode {
        var merged = self
        merged.mergeCompleted()
        return merged.fold(merged.entries[...], into: rightmost)
    }

    /// The root node over the entries followed by a final complete subtree; needs an entry.
    func root(overChainingValue rightmost: ChainingValue) -> OutputNode {
        var merged = self
        merged.mergeCompleted()
        return merged.fold(merged.entries.dropLast(), into: merged.parent(of: rightmost))
    }

    /// The chaining value of all entries as one inner node; needs an entry.
    var chainingValue: ChainingValue {
        var merged = self
        merged.mergeCompleted()
        let top = merged.entries.removeLast()
        guard !merged.entries.isEmpty else { return top }
        return merged.fold(merged.entries.dropLast(), into: merged.parent(of: top)).chainingValue
    }

    /// The parent of the top entry and a subtree that follows it.
    private func parent(of rightmost: ChainingValue) -> OutputNode {
        OutputNode.parent(left: entries[entries.count - 1], right: rightmost, key: key, flags: flags)
    }

    /// Entries are the binary digits of `chunkCount`: one per set bit once merged.
    private mutating func mergeCompleted() {
        while entries.count > chunkCount.nonzeroBitCount {
            let right = entries.removeLast()
            let left = entries.removeLast()
            entries.append(OutputNode.parent(left: left, right: right, key: key, flags: flags).chainingValue)
        }
    }

    /// Right to left, each entry becomes the left sibling of everything after it.
    private func fold(_ lefts: ArraySlice<ChainingValue>, into rightmost: OutputNode) -> OutputNode {
        lefts.reversed().reduce(rightmost) { node, left in
            OutputNode.parent(left: left, right: node.chainingValue, key: key, flags: flags)
        }
    }
}
