import MLXHash

/// The reference `b3sum` binary, independent of MLXHash, that tests compare the hasher with;
/// installed with apt-get on first use when it is missing.
public enum B3sum {
    /// The digests (64 hex) `b3sum` prints for `paths`, in order.
    public static func digests(of paths: [String]) throws -> [String] {
        try Shell.require(command: "b3sum", aptPackage: "b3sum")
        let result = try Shell.execute("/usr/bin/env", ["b3sum", "--no-names"] + paths)
        guard result.status == 0 else {
            throw ShellError(message: "b3sum exited with status \(result.status): \(result.stderr)")
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The digest `b3sum` prints for the file at `path`.
    public static func digest(of path: String) throws -> Digest {
        let printed = try digests(of: [path]).first ?? ""
        guard let digest = Digest(hex: printed) else { throw ShellError(message: "b3sum printed '\(printed)'") }
        return digest
    }
}
