/// The process's standard streams, for the executable: whether a person is at them, and
/// unbuffered writes that progress redraws and diagnostics need.
public enum Terminal {
    /// One of the three streams every process starts with.
    public enum Stream: Sendable {
        /// Standard input, where `gc` asks for confirmation.
        case input
        /// Standard output, for results.
        case output
        /// Standard error, for diagnostics and progress.
        case error

        var descriptor: Int32 {
            switch self {
            case .input: Syscall.standardInput
            case .output: Syscall.standardOutput
            case .error: Syscall.standardError
            }
        }
    }

    /// Whether `stream` is a terminal (`isatty`): someone may be reading it or answering on it.
    public static func isInteractive(_ stream: Stream) -> Bool {
        Syscall.isTerminal(stream.descriptor)
    }

    /// How many columns wide output may be: `COLUMNS` when set (as shells and DVC honour it),
    /// else the width of the terminal at `stream`; nil for a pipe or file, which has no width.
    public static func columns(_ stream: Stream, environment: [String: String]) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return Syscall.terminalColumns(stream.descriptor)
    }

    /// Writes `text` to `stream` at once, whole; a stream that cannot be written (a closed
    /// pipe) is given up on silently, as there is nowhere left to report that.
    public static func write(_ text: String, to stream: Stream) {
        var text = text
        text.withUTF8 { bytes in
            try? Syscall.writeAll(stream.descriptor, UnsafeRawBufferPointer(bytes), path: "")
        }
    }
}
