extension ProjectFileReader {
    /// One metrics file and its values.
    public struct MetricsFile: Sendable {
        /// Project-relative path.
        public let path: String
        public let value: ParamValue
    }

    /// The metrics files of the workspace (`revision` nil) or of a commit: `targets` when given,
    /// else the `metrics` files of that version's own `mlx.yaml` (a commit without one has
    /// none). Each file that is missing, malformed or a cached output the cache lacks goes to
    /// `failure`, naming `revision:path`, and the others are still read.
    public func metrics(at revision: String?, targets: [String], failure: (any Error) -> Void) throws -> [MetricsFile] {
        let files: [String]
        if !targets.isEmpty {
            files = targets
        } else if let revision {
            do {
                files = try pipelineMetricsFiles(at: revision)
            } catch {
                failure(error)
                return []
            }
        } else {
            files = try Pipeline.load(projectRoot: projectRoot).metricsFiles
        }
        var result: [MetricsFile] = []
        for file in files {
            do {
                guard let value = try value(file, at: revision, scalarAllowed: true) else {
                    throw PipelineError(file: revision.map { "\($0):\(file)" } ?? file, message: "metrics file does not exist",
                                        hint: revision == nil ? "run 'mlx repro' to create it" : nil)
                }
                result.append(MetricsFile(path: file, value: value))
            } catch {
                failure(error)
            }
        }
        return result
    }

    /// The `metrics` files `mlx.yaml` names at `revision`; none when it has no `mlx.yaml`.
    private func pipelineMetricsFiles(at revision: String) throws -> [String] {
        guard let text = try read(Pipeline.fileName, at: revision) else { return [] }
        do {
            return try Pipeline.decode(text, projectRoot: projectRoot).metricsFiles
        } catch var error as PipelineError {
            error.file = "\(revision):\(error.file)"
            throw error
        }
    }
}
