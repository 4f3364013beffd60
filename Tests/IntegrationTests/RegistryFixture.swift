import Foundation
import MLXTestSupport

/// A registry repository (`registry/`, its data pushed to the folder remote `store/`) and a
/// project that reads it (`app/`, with its own remote `appstore/`), side by side in one
/// temporary folder, for the tests of list, get, import and update.
struct RegistryFixture {
    let root: TemporaryDirectory
    /// The registry's work tree.
    let registry: String
    /// The consuming project's work tree.
    let app: String

    /// Commits to the registry: `data/images` (a tracked directory with a sub-folder),
    /// `model.bin` (a tracked file), `README.md` (a git file); pushes the data.
    init() throws {
        root = TemporaryDirectory("mlx-registry-it")
        registry = root.appending("registry")
        app = root.appending("app")
        for name in ["registry", "app"] {
            try root.initializeGitRepository(in: name)
            try root.write(name + "/.mlx/.gitignore", "/config.local\n/cache/\n/tmp/\n")
        }
        try mlx(["remote", "add", "-d", "store", "../store"], in: registry)
        try mlx(["remote", "add", "-d", "appstore", "../appstore"], in: app)
        try root.write("registry/data/images/cat.jpg", Array(repeating: 1, count: 3000))
        try root.write("registry/data/images/dogs/rex.jpg", Array(repeating: 2, count: 5000))
        try root.write("registry/model.bin", Array(repeating: 3, count: 7000))
        try root.write("registry/README.md", "the registry\n")
        try mlx(["add", "data/images", "model.bin"], in: registry)
        try mlx(["push"], in: registry)
        try root.commit("data", in: "registry")
        try root.commit("project", in: "app")
    }

    /// Runs mlx in `directory` (default: the app); throws unless it exits 0.
    @discardableResult
    func mlx(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        let result = try run(arguments, in: directory)
        guard result.status == 0 else {
            throw CommandFailure(message: "mlx \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// Runs mlx in `directory` (default: the app) with the user's cache inside the fixture.
    func run(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try MLXBinary.run(arguments, in: directory ?? app, environment: ["XDG_CACHE_HOME": root.appending("usercache")])
    }

    @discardableResult
    func sh(_ script: String, in directory: String? = nil) throws -> ProcessResult {
        try RemoteTestProject.sh(script, in: directory ?? root.path)
    }

    /// Changes `model.bin` in the registry, pushes and commits it; returns the new commit.
    @discardableResult
    func changeModel() throws -> String {
        try sh("chmod -R u+w model.bin && printf new-model > model.bin", in: registry)
        try mlx(["add", "model.bin"], in: registry)
        try mlx(["push"], in: registry)
        return try root.commit("new model", in: "registry")
    }
}
