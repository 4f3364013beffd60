import MLXCore

/// `--glob`: patterns expanded by mlx itself, for shells or CI files that do not expand them.
enum GlobExpansion {
    static func expand(_ patterns: [String], in directory: String) throws -> [String] {
        var paths: [String] = []
        for pattern in patterns {
            let absolute = pattern.hasPrefix("/") ? pattern : directory + "/" + pattern
            guard let matches = FileGlob.matches(absolute) else {
                throw TrackingError(path: pattern, message: "matches no file", hint: "check the pattern, and quote it so the shell does not expand it")
            }
            paths += matches
        }
        return paths
    }
}
