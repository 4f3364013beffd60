/// A pipeline, lock, params or metrics file that mlx cannot use.
public typealias PipelineError = LocatedFileError
