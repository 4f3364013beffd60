import Foundation

/// This package's checkout, found from this source file's path as SwiftPM does, so tests reach
/// `Fixtures/`, `scripts/` and the built binary from whatever folder they run in.
public enum PackageRoot {
    /// The folder holding `Package.swift`.
    public static let path: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `Fixtures/relative`.
    public static func fixture(_ relative: String) -> String { path + "/Fixtures/" + relative }

    /// `scripts/lib/name`: the shell and Python helpers tests run.
    public static func scriptLibrary(_ name: String) -> String { path + "/scripts/lib/" + name }
}
