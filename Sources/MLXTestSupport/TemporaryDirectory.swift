import Foundation

/// A fresh folder under the system's temp dir, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "mlx-test") {
        let template = NSTemporaryDirectory() + "/\(label).XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else {
            preconditionFailure("mkdtemp(\(template)) failed: \(String(cString: strerror(errno)))")
        }
        // Resolve symlinks (e.g. /tmp → /private/tmp) so paths compare equal to what mlx prints.
        path = URL(fileURLWithPath: String(cString: created)).resolvingSymlinksInPath().path
    }

    deinit {
        // Cache objects and their folders may be read-only: make folders writable first so
        // removal cannot stop half-way.
        try? FileTree.removeAll(path)
    }

    /// `path/relative`, or `path` for an empty `relative`.
    public func appending(_ relative: String) -> String { relative.isEmpty ? path : path + "/" + relative }

    /// `path/relative` (same as `appending`).
    public func file(_ relative: String) -> String { appending(relative) }

    /// Writes `contents` to `relative`, creating folders as needed; returns the absolute path.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Array(contents.utf8))
    }

    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let target = appending(relative)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The bytes at `relative`, or nil when absent.
    public func bytes(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: appending(relative)).map { Array($0) }
    }

    /// The text at `relative`.
    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: appending(relative), encoding: .utf8)
    }

    /// The names in the folder `relative` (the root by default), sorted.
    public func names(in relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : appending(relative)).sorted()
    }

    /// Creates the folder `relative` and any folders above it.
    public func createFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: appending(relative), withIntermediateDirectories: true)
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: appending(relative))
    }
}
