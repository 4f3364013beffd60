import Foundation
import MLXCore
import MLXGit

/// `mlx status` on imports: whether their sources moved on since they were imported, as
/// `dvc status` reports its imports.
extension StatusCommand {
    /// One import's source, compared with what its pointer records.
    struct ImportState: Encodable {
        enum State: String, Encodable {
            case unchanged
            /// `mlx import`: the repository's revision now holds other data (`mlx update`).
            case updateAvailable = "update available"
            /// `mlx import-url`: the source file or folder changed (`mlx update`).
            case changedUpstream = "changed upstream"
        }

        let path: String
        let pointer: String
        /// The repository URL, or the imported file's path.
        let source: String
        let state: State
    }

    /// Checks each import's source (fetching registries into the clone cache). A source that
    /// cannot be reached is a warning: the workspace's status still stands.
    static func upstreamStates(of imports: [StatusOperation.Imported], workspace: Workspace, config: MLXConfig,
                               options: GlobalOptions) -> [ImportState] {
        // Many imports from one registry: fetched and read once.
        var registries: [String: OpenedRegistry] = [:]
        return imports.compactMap { imported in
            do {
                switch imported.source {
                case let .repository(source):
                    let key = source.url + "\u{0}" + (source.rev ?? "HEAD")
                    let opened = try registries[key] ?? OpenedRegistry.open(source.url, options: RegistryOptions.parse([]),
                                                                            revision: source.rev ?? "HEAD", global: options)
                    registries[key] = opened
                    var moved = opened.snapshot.commit != source.revLock
                    if moved, let tracked = try opened.snapshot.select(source.path).trackedOutput {
                        moved = tracked.output.oid != imported.output.oid
                    }
                    return ImportState(path: imported.path, pointer: imported.pointer, source: source.url, state: moved ? .updateAvailable : .unchanged)
                case let .location(source):
                    let opener = URLSourceOpening.opener(config: config, projectRoot: workspace.project.root, overrides: [], jobs: nil)
                    let changed = try ImportURLOperation(workspace: workspace, openSource: opener).sourceChanged(source)
                    return ImportState(path: imported.path, pointer: imported.pointer, source: source.path, state: changed ? .changedUpstream : .unchanged)
                }
            } catch {
                Console.warning("cannot check the source of \(imported.path) for changes: \(error)")
                return nil
            }
        }
    }

    /// `\tupdate available: data/images (from /srv/registry)`.
    static func renderImports(_ changed: [ImportState], options: GlobalOptions, root: String) {
        for entry in changed {
            let path = ShellQuoting.display(relativeTo: options.directory, projectRoot: root, entry.path)
            Console.out("\t\(entry.state.rawValue): \(path) (from \(URLRedaction.redact(entry.source)))")
        }
        if !changed.isEmpty { Console.info("hint: 'mlx update' brings imports up to date with their sources") }
    }
}
