import Dispatch
import Foundation
import Glibc

/// Hashes files with bounded memory: several threads inside one large file, several files at once.
///
/// Reads are `read`/`pread` into 1 MiB buffers rather than `mmap`. Measured on this project's
/// machine (2 cores, AVX-512, warm 1 GiB file, one thread, 10 runs each): mmap of the whole file
/// took 0.42 s (0.27 s user, mostly first-touch page faults) and 1 GiB of peak RSS; 1 MiB
/// buffers took 0.22-0.25 s (0.14 s user) and 20 MiB. mmap would also fail on pipes and turn a
/// file truncated under us into SIGBUS. With buffers, memory is about `threads` MiB per file
/// whatever its size.
public struct FileHasher: Sendable {
    /// Threads used inside one file larger than `pieceSize`.
    public let threads: Int
    let level: SIMDLevel

    /// Bytes per read and per parallel piece: a power-of-two number of chunks, so every piece is
    /// one complete subtree and every full buffer one SIMD-wide `cblake3_subtree` call.
    static let pieceSize = 1 << 20

    /// A hasher using `threads` threads inside one large file.
    public init(threads: Int = FileHasher.processorCount) {
        self.init(threads: threads, level: .current)
    }

    /// The processors this process may use, read once: Foundation's `activeProcessorCount`
    /// reads two cgroup files at every call, which was 8 of the ~21 system calls a push made for
    /// each object when every upload built its own hasher.
    public static let processorCount = ProcessInfo.processInfo.activeProcessorCount

    /// A hasher with `processorCount` threads, for code that hashes one object at a time.
    public static let shared = FileHasher()

    init(threads: Int, level: SIMDLevel) {
        self.threads = max(1, threads)
        self.level = level
    }

    /// The digest of the file at `path`, of any size; large regular files use `threads` threads.
    public func hash(path: String) throws(HashError) -> Digest {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw HashError(path: path, errno: errno) }
        defer { close(descriptor) }
        return try hash(openFile: descriptor, name: path)
    }

    /// The digest of the file open at `descriptor` (read from its start, left open), as
    /// `hash(path:)` computes it; for a caller that holds the file open already. `name` is used
    /// in errors.
    public func hash(openFile descriptor: Int32, name path: String) throws(HashError) -> Digest {
        var info = stat()
        let known = threads > 1 && fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        if known, info.st_size > Self.pieceSize, let digest = try hashInPieces(descriptor, size: Int(info.st_size), name: path) {
            return digest
        }
        // Read-ahead advice only pays for a file larger than one read; for the small files of a
        // large directory it was one system call in ten.
        if !known || info.st_size > Self.pieceSize { _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL) }
        return try hash(fileDescriptor: descriptor, name: path)
    }

    /// The digest of everything `read` returns from `fileDescriptor` until end of file, so pipes
    /// and standard input work; `name` is used in errors. Does not close the descriptor.
    public func hash(fileDescriptor: Int32, name: String) throws(HashError) -> Digest {
        let size = Self.pieceSize
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * size, alignment: 64)
        defer { buffers.deallocate() }
        var current = UnsafeMutableRawBufferPointer(rebasing: buffers[..<size])
        var next = UnsafeMutableRawBufferPointer(rebasing: buffers[size...])
        var hasher = Blake3Hasher(level: level)
        var count = try Self.fill(current, from: fileDescriptor, at: nil, name: name)
        // Reading one buffer ahead tells whether more input follows, so each full buffer is
        // hashed whole instead of keeping its last chunk back and misaligning the next subtrees.
        // A short fill means end of file, so only a full buffer needs the look-ahead.
        while count == size {
            let nextCount = try Self.fill(next, from: fileDescriptor, at: nil, name: name)
            hasher.update(UnsafeRawBufferPointer(current), moreFollows: nextCount > 0)
            swap(&current, &next)
            count = nextCount
        }
        hasher.update(UnsafeRawBufferPointer(rebasing: current[..<count]))
        return hasher.finalize()
    }

    /// Hashes many files, at most `jobs` concurrently (bounded width), calling `report` in INPUT
    /// ORDER (index, result) on the calling thread as soon as each result and all before it are in.
    /// An unreadable file is reported as a failure and the others go on.
    public func hashFiles(_ paths: [String], jobs: Int, report: (Int, Result<Digest, HashError>) -> Void) {
        let results = WorkQueue<Result<Digest, HashError>>(count: paths.count)
        let finished = DispatchSemaphore(value: 0)
        let workers = ThreadGroup(count: min(max(1, jobs), paths.count)) { _ in
            while let index = results.claim() {
                results.store(Result { () throws(HashError) -> Digest in try hash(path: paths[index]) }, at: index)
                finished.signal()
            }
        }
        var reported = 0
        while reported < paths.count {
            finished.wait()
            for result in results.takeReady(from: reported) {
                report(reported, result)
                reported += 1
            }
        }
        workers.join()
    }

    /// Reads until `buffer` is full or the file ends, from the file position or, given an
    /// offset, with `pread`; returns the bytes read.
    static func fill(
        _ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: Int?, name: String
    ) throws(HashError) -> Int {
        var count = 0
        while count < buffer.count {
            let target = buffer.baseAddress! + count
            let remaining = buffer.count - count
            let result =
                if let offset { pread(descriptor, target, remaining, off_t(offset + count)) } else {
                    read(descriptor, target, remaining)
                }
            if result < 0 {
                if errno == EINTR { continue }
                throw HashError(path: name, errno: errno)
            }
            if result == 0 { break }
            count += result
        }
        return count
    }
}
