// Temporary: compiled only until the hashing core branch is merged.
public struct HashError: Error, Sendable, CustomStringConvertible { public let path: String; public let errno: Int32; public var description: String { path } }
public struct FileHasher: Sendable {
    public init(threads: Int = 1) {}
    public func hash(path: String) throws(HashError) -> Digest { throw HashError(path: path, errno: 0) }
    public func hash(fileDescriptor: Int32, name: String) throws(HashError) -> Digest { throw HashError(path: name, errno: 0) }
    public func hashFiles(_ paths: [String], jobs: Int, report: (Int, Result<Digest, HashError>) -> Void) {}
}
public enum SIMDLevel: String, Sendable { case portable; public static var current: SIMDLevel { .portable } }
