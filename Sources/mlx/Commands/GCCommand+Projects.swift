import Foundation
import MLXCore
import MLXGit

/// `gc -p`: the other projects of a shared cache.
extension GCCommand {
    /// The projects `-p` names, each checked to use this project's cache. Refuses when the
    /// cache is outside the project (`cache.dir`) and a project recorded as using it
    /// (`CacheRegistry`) is not named: its data would look unused. Records of projects that
    /// are gone or now use another cache are dropped.
    func otherProjects(_ context: ProjectContext) throws -> [Project] {
        let cache = context.project.cacheDirectory
        var named: [Project] = []
        for path in projects {
            let absolute = context.absolute(path)
            guard let found = try? Project.find(from: absolute), found.root == Self.realPath(absolute) else {
                throw GCRefusal(reason: "'\(path)' (-p) is not the root of an mlx project", hint: "name the folder that holds the project's .mlx")
            }
            let other = try ProjectContext.withConfiguredCache(found)
            guard Self.sameFolder(other.cacheDirectory, cache) else {
                throw GCRefusal(reason: "project \(other.root) (-p) uses the cache at \(other.cacheDirectory), not this project's (\(cache))",
                                hint: "name only projects whose cache.dir is this cache")
            }
            if other.root != context.project.root && !named.contains(other) { named.append(other) }
        }
        guard context.project.hasExternalCache else { return named }
        let registry = CacheRegistry(store: try context.project.openCache())
        var unnamed: [String] = []
        for root in try registry.projects() where root != context.project.root && !named.contains(where: { $0.root == root }) {
            guard let found = try? Project.find(from: root), found.root == root,
                  let other = try? ProjectContext.withConfiguredCache(found), Self.sameFolder(other.cacheDirectory, cache) else {
                try? registry.forget(root)
                continue
            }
            unnamed.append(root)
        }
        if projects.isEmpty {
            let known = unnamed.isEmpty ? "" : " (projects that have used it: \(unnamed.joined(separator: ", ")))"
            throw GCRefusal(reason: "the cache at \(cache) is outside this project (cache.dir), so other projects may keep data in it; "
                                + "gc would delete whatever only they use",
                            hint: "name every other project that uses it with -p PROJECT…\(known), or pass -p . if none does")
        }
        if !unnamed.isEmpty {
            throw GCRefusal(reason: "the cache at \(cache) is also used by \(unnamed.joined(separator: ", ")), not named with -p; "
                                + "gc would delete whatever only they use",
                            hint: "add -p for each of them (or, for a project that no longer uses this cache, delete its record in \(registry.folder))")
        }
        return named
    }

    /// Whether two paths name the same folder, symlinks resolved.
    static func sameFolder(_ first: String, _ second: String) -> Bool {
        realPath(first) == realPath(second)
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
