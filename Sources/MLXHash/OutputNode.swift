/// A node whose last compression is still open: its caller decides whether it is the root
/// (extendable output, ROOT flag, counter counting output blocks) or an inner node (chaining value).
struct OutputNode: Sendable {
    let inputChainingValue: ChainingValue
    let block: SIMD64<UInt8>
    let blockLength: UInt32
    let counter: UInt64
    let flags: UInt32

    /// The parent of two subtrees: its block is the two chaining values side by side.
    static func parent(left: ChainingValue, right: ChainingValue, key: ChainingValue, flags: UInt32) -> OutputNode {
        OutputNode(
            inputChainingValue: key, block: SIMD64(lowHalf: left, highHalf: right),
            blockLength: UInt32(Kernel.blockLength), counter: 0, flags: flags | Kernel.parent)
    }

    /// The chaining value of this node as an inner (non-root) node.
    var chainingValue: ChainingValue {
        Kernel.compress(inputChainingValue, block: block, blockLength: blockLength, counter: counter, flags: flags)
            .lowHalf
    }

    /// The first `count` bytes of this node's output as the root: block t of the output is the
    /// root compression with counter t.
    func rootBytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "output length must not be negative")
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var outputBlock: UInt64 = 0
        while output.count < count {
            let words = Kernel.compress(
                inputChainingValue, block: block, blockLength: blockLength, counter: outputBlock,
                flags: flags | Kernel.root)
            withUnsafeBytes(of: words) { output.append(contentsOf: $0.prefix(count - output.count)) }
            outputBlock += 1
        }
        return output
    }
}
