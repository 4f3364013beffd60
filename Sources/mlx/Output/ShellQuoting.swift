import Foundation

/// Paths printed in commands the user may paste: relative to where they are, quoted for sh.
enum ShellQuoting {
    static func quote(relativeTo directory: String, projectRoot: String, _ projectRelative: String) -> String {
        let absolute = projectRoot + "/" + projectRelative
        var path = absolute
        if absolute.hasPrefix(directory + "/") {
            path = String(absolute.dropFirst(directory.count + 1))
        } else if directory.hasPrefix(projectRoot + "/") {
            let depth = directory.dropFirst(projectRoot.count + 1).split(separator: "/").count
            path = String(repeating: "../", count: depth) + projectRelative
        }
        let safe = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=@:,".contains($0) }
        return safe ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension ShellQuoting {
    /// A project-relative path as seen from `directory` (no quoting), for messages.
    static func display(relativeTo directory: String, projectRoot: String, _ projectRelative: String) -> String {
        let absolute = projectRoot + "/" + projectRelative
        if absolute.hasPrefix(directory + "/") { return String(absolute.dropFirst(directory.count + 1)) }
        if directory.hasPrefix(projectRoot + "/") {
            let depth = directory.dropFirst(projectRoot.count + 1).split(separator: "/").count
            return String(repeating: "../", count: depth) + projectRelative
        }
        return projectRelative
    }
}
