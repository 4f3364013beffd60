import Foundation
import MLXCore
import Synchronization

/// Draws transfer progress on one stderr line (only on a terminal, at most ten times a second)
/// and words the summary.
final class TransferProgressView: Sendable {
    private struct State: ~Copyable {
        let line: ProgressLine
        var lastDrawn: ContinuousClock.Instant?
    }

    private let verb: String
    private let state: Mutex<State>

    init(verb: String, options: GlobalOptions) {
        self.verb = verb
        state = Mutex(State(line: ProgressLine(options: options)))
    }

    /// The callback to hand to an operation.
    var callback: @Sendable (TransferProgress) -> Void {
        { [self] progress in draw(progress) }
    }

    private func draw(_ progress: TransferProgress) {
        state.withLock { state in
            let now = ContinuousClock.now
            let finished = progress.filesDone + progress.failed >= progress.filesTotal
            if let last = state.lastDrawn, now - last < .milliseconds(100), !finished { return }
            state.lastDrawn = now
            var text = "\(verb) \(progress.filesDone)/\(progress.filesTotal) files"
            if progress.bytesTotal > 0 {
                text += ", \(ByteCount.format(progress.bytesDone))/\(ByteCount.format(progress.bytesTotal))"
            }
            if progress.elapsed > 0.5 { text += ", \(ByteCount.format(Int64(progress.bytesPerSecond)))/s" }
            if let remaining = progress.secondsRemaining, !finished { text += ", ETA \(TransferProgressView.duration(remaining))" }
            if progress.failed > 0 { text += ", \(progress.failed) failed" }
            state.line.show(text)
        }
    }

    func clear() {
        state.withLock { $0.line.clear() }
    }

    /// `pushed 10000 files (1.2 GiB) in 3.1 s, 0 failed`.
    static func summary(_ verb: String, files: Int, bytes: Int64, seconds: Double, failed: Int) -> String {
        "\(verb) \(files) file\(files == 1 ? "" : "s") (\(ByteCount.format(bytes))) in \(duration(seconds)), \(failed) failed"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
