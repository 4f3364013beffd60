/// A pointer file that mlx cannot read.
public typealias PointerError = LocatedFileError
