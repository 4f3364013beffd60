import Foundation
import MLXCore

extension RemoteConformance {
    /// How to break the remote under test, for the cases about failures. Each has a default
    /// that works on any remote through the `Remote` calls alone; a remote kind passes its own
    /// where it can break the real thing (a proxy that cuts the connection, a file flipped on
    /// the server's disk).
    public struct Faults: Sendable {
        /// Uploads `source` (`size` bytes) to `key` on the remote, cut mid-body — a connection
        /// dropped after half the bytes, a writer killed half-way — and returns whether the
        /// remote was told (a call that threw) or was left what a killed writer leaves.
        /// Default: `Remote.upload` from a source whose bytes stop half-way.
        public var interruptUpload: @Sendable (_ remote: any Remote, _ source: String, _ size: Int64, _ key: String) throws -> Void
        /// Alters the stored bytes of `key` without changing its size. Default: uploads other
        /// bytes of the same size over it.
        public var corrupt: @Sendable (_ remote: any Remote, _ key: String) throws -> Void
        /// The remote under test reached so that its next few calls of each kind fail the way a
        /// flaky network or server makes them fail, then work. Default: `FlakyRemote` around it.
        public var flaky: @Sendable (_ remote: any Remote) throws -> any Remote

        public init(
            interruptUpload: (@Sendable (_ remote: any Remote, _ source: String, _ size: Int64, _ key: String) throws -> Void)? = nil,
            corrupt: (@Sendable (_ remote: any Remote, _ key: String) throws -> Void)? = nil,
            flaky: (@Sendable (_ remote: any Remote) throws -> any Remote)? = nil
        ) {
            self.interruptUpload = interruptUpload ?? { try Faults.stopSourceHalfWay($0, $1, $2, $3) }
            self.corrupt = corrupt ?? { try Faults.overwriteWithOtherBytes($0, $1) }
            self.flaky = flaky ?? { FlakyRemote(wrapping: $0, failuresPerOperation: 2) }
        }

        /// The bytes stop arriving half-way: the source holds half of what the upload announces.
        static func stopSourceHalfWay(_ remote: any Remote, _ source: String, _ size: Int64, _ key: String) throws {
            let half = source + ".half"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
            try bytes.prefix(Int(size / 2)).write(to: URL(fileURLWithPath: half))
            try remote.upload(half, size: size, to: key)
        }

        static func overwriteWithOtherBytes(_ remote: any Remote, _ key: String) throws {
            let scratch = TemporaryDirectory("mlx-corrupt")
            let path = scratch.appending("original")
            try remote.download(key, to: path)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            if bytes.isEmpty { bytes = [0x2A] } else { bytes[bytes.count / 2] ^= 0xFF }
            let altered = try scratch.write("altered", bytes)
            try remote.upload(altered, size: Int64(bytes.count), to: key)
        }

        /// A killed writer's leftover for a folder remote: half the bytes under a temporary
        /// name beside the target (`.mlx-tmp-…`), which nothing may list or read as the key.
        public static func leaveHalfWrittenTemporary(in root: String) -> @Sendable (any Remote, String, Int64, String) throws -> Void {
            { _, source, size, key in
                let target = root + "/" + key
                let folder = (target as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let bytes = try Data(contentsOf: URL(fileURLWithPath: source)).prefix(Int(size / 2))
                try bytes.write(to: URL(fileURLWithPath: TemporaryFiles.path(in: folder)))
            }
        }

        /// Flips a byte of the file behind `key` in a folder remote, in place, as a failing disk would.
        public static func flipByteOnDisk(in root: String) -> @Sendable (any Remote, String) throws -> Void {
            { _, key in
                let path = root + "/" + key
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
                guard let handle = FileHandle(forUpdatingAtPath: path) else { throw RemoteConformanceFailure(message: "cannot open \(path)") }
                defer { try? handle.close() }
                let size = try handle.seekToEnd()
                guard size > 0 else { throw RemoteConformanceFailure(message: "\(path) is empty") }
                try handle.seek(toOffset: size / 2)
                let byte = try handle.read(upToCount: 1) ?? Data([0])
                try handle.seek(toOffset: size / 2)
                try handle.write(contentsOf: Data([byte[byte.startIndex] ^ 0xFF]))
            }
        }
    }
}
