import MLXHash

extension ContentHasher {
    /// MLXHash's BLAKE3, each file hashed on up to `threads` threads.
    public static func blake3(threads: Int = 1) -> ContentHasher {
        let files = FileHasher(threads: threads)
        return ContentHasher(bytes: { Blake3.hash($0) }, file: { path in try files.hash(path: path) },
                             openFile: { descriptor, name in try files.hash(openFile: descriptor, name: name) },
                             pieces: { produce in
                                 var hasher = Blake3Hasher()
                                 produce { hasher.update($0) }
                                 return hasher.finalize()
                             },
                             writtenFile: { descriptor, size, name, write in
                                 try files.hash(openFile: descriptor, size: size, name: name, whileWriting: write)
                             },
                             uncachedFile: { path in try files.hash(uncachedPath: path) })
    }
}
