/// The files that steer mlx and git — never data to track, never a stage's output.
///
/// `outs: [mlx.yaml]` would have a stage overwrite its own pipeline, `outs: [mlx.lock]` delete
/// the lock it is recorded in, and `mlx add .gitignore` make git ignore the very file that says
/// so; each is refused before anything is written (SPEC §2 lists these files).
public enum ControlFile {
    /// What `relative` (project-relative, `/`-separated) is, when it is a control file by name:
    /// the pipeline or its lock at the project root, a pointer file, or an ignore file anywhere.
    public static func role(of relative: String) -> String? {
        if relative == Pipeline.fileName { return "the pipeline file" }
        if relative == Pipeline.lockFileName { return "the pipeline's lock file" }
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        if name == ".gitignore" { return "a git ignore file" }
        if name == IgnoreRules.fileName { return "mlx's ignore file" }
        if name.hasSuffix(PointerScanner.suffix) && name.utf8.count > PointerScanner.suffix.utf8.count { return "a pointer file" }
        return nil
    }

    /// The params file of `paramsFiles` that `relative` is or holds, if any.
    public static func paramsFile(in relative: String, among paramsFiles: [String]) -> String? {
        paramsFiles.first { $0 == relative || $0.hasPrefix(relative + "/") }
    }
}
