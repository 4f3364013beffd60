extension FileHasher {
    /// Hashes a regular file of `size` bytes as aligned `pieceSize` subtrees on `threads`
    /// threads and merges their chaining values as the serial hasher would; `nil` when the
    /// file got shorter meanwhile, so that the caller can hash what is there serially. With
    /// `written`, a piece is read only once its writer has published it, and `nil` means the
    /// writer stopped short of `size`.
    /// With `direct`, the descriptor was opened with `O_DIRECT`: reads are of whole blocks
    /// into aligned buffers, and `nil` also means the file system refused them.
    func hashInPieces(_ descriptor: Int32, size: Int, name: String, written: WrittenLength? = nil,
                      direct: Bool = false) throws(HashError) -> Digest? {
        let pieceSize = Self.pieceSize
        let pieces = WorkQueue<Result<ChainingValue, HashError>>(count: (size + pieceSize - 1) / pieceSize)
        let level = self.level
        ThreadGroup.run(count: min(threads, pieces.count)) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: Self.directAlignment)
            defer { buffer.deallocate() }
            while let index = pieces.claim() {
                let offset = index * pieceSize
                let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(pieceSize, size - offset)])
                if let written, !written.wait(for: offset + piece.count) {
                    pieces.cancel()
                    return
                }
                do throws(HashError) {
                    let count = direct
                        ? try Self.fillDirect(buffer, from: descriptor, at: offset, wanted: piece.count, name: name)
                        : try Self.fill(piece, from: descriptor, at: offset, name: name)
                    guard count == piece.count else {
                        pieces.cancel()
                        return
                    }
                    let firstChunk = UInt64(offset / Kernel.chunkLength)
                    pieces.store(.success(Self.chainingValue(of: piece, firstChunk: firstChunk, level: level)), at: index)
                } catch {
                    pieces.store(.failure(error), at: index)
                    pieces.cancel()
                }
            }
        }
        var chainingValues: [ChainingValue] = []
        for output in pieces.takeAll() {
            switch output {
            case .success(let chainingValue)?: chainingValues.append(chainingValue)
            case .failure(let error)?: throw error
            case nil: return nil
            }
        }
        var stack = ChainingValueStack(key: Kernel.iv, flags: 0)
        for chainingValue in chainingValues.dropLast() {
            stack.push(chainingValue, chunks: UInt64(pieceSize / Kernel.chunkLength))
        }
        return Digest(bytes: stack.root(overChainingValue: chainingValues[chainingValues.count - 1]).rootBytes(count: Digest.byteCount))
    }

    /// The chaining value of one piece; only the last piece of a file can be shorter than `pieceSize`.
    private static func chainingValue(
        of piece: UnsafeMutableRawBufferPointer, firstChunk: UInt64, level: SIMDLevel
    ) -> ChainingValue {
        guard piece.count < pieceSize else {
            return Kernel.subtree(
                piece.baseAddress!, chunkCount: pieceSize / Kernel.chunkLength, key: Kernel.iv, counter: firstChunk,
                flags: 0, level: level)
        }
        var hasher = Blake3Hasher(key: Kernel.iv, flags: 0, level: level, firstChunk: firstChunk)
        hasher.update(UnsafeRawBufferPointer(piece))
        return hasher.subtreeChainingValue
    }
}
