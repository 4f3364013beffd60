import Glibc
import MLXCore

/// `--glob`: patterns expanded by mlx itself, for shells or CI files that do not expand them.
enum GlobExpansion {
    static func expand(_ patterns: [String], in directory: String) throws -> [String] {
        var paths: [String] = []
        for pattern in patterns {
            let absolute = pattern.hasPrefix("/") ? pattern : directory + "/" + pattern
            var matches = glob_t()
            defer { globfree(&matches) }
            let status = Glibc.glob(absolute, 0, nil, &matches)
            guard status == 0 else {
                throw TrackingError(path: pattern, message: "matches no file", hint: "check the pattern, and quote it so the shell does not expand it")
            }
            for index in 0..<Int(matches.gl_pathc) {
                if let match = matches.gl_pathv[index] { paths.append(String(cString: match)) }
            }
        }
        return paths
    }
}
