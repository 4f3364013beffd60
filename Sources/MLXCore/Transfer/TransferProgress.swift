/// Where a batch of transfers stands, for a progress line.
public struct TransferProgress: Sendable, Equatable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var failed: Int
    /// Seconds since the batch started.
    public var elapsed: Double

    public init(filesDone: Int = 0, filesTotal: Int = 0, bytesDone: Int64 = 0, bytesTotal: Int64 = 0, failed: Int = 0, elapsed: Double = 0) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.failed = failed
        self.elapsed = elapsed
    }

    /// Bytes per second so far.
    public var bytesPerSecond: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }

    /// Estimated seconds left at the rate so far, when there is a rate to go by.
    public var secondsRemaining: Double? {
        guard elapsed > 0.2, filesDone > 0 else { return nil }
        if bytesTotal > 0 && bytesDone > 0 {
            return Double(bytesTotal - bytesDone) / bytesPerSecond
        }
        return Double(filesTotal - filesDone) * elapsed / Double(filesDone)
    }
}
