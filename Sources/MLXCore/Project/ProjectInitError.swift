/// Why `mlx init` could not set up a project.
public enum ProjectInitError: ReportableError, Equatable {
    /// The folder to initialize does not exist.
    case noSuchFolder(String)
    /// Something mlx needs as a folder (`.mlx`, `.mlx/cache`, `.mlx/tmp`) is a file.
    case notAFolder(String)
    /// A file or folder could not be written; the second value is the system's reason.
    case cannotWrite(String, String)

    public var message: String {
        switch self {
        case .noSuchFolder(let path):
            return "no such folder: \(path)"
        case .notAFolder(let path):
            return "'\(path)' exists but is not a folder"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason.lowercased())"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchFolder: return "create it first, or give an existing folder with -C"
        case .notAFolder: return "mlx keeps its data in that folder: move the file away, then run 'mlx init' again"
        case .cannotWrite: return "check the permissions of the project folder and the free space on its disk"
        }
    }
}
