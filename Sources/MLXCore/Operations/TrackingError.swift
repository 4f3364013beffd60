/// A target that cannot be added, checked out, committed or removed as asked.
public typealias TrackingError = PathError
