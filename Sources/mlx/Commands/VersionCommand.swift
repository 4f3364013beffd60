import ArgumentParser
import MLXCore
import MLXHash

/// `mlx version`: the version, and the SIMD level the hashing core chose on this CPU.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print mlx's version and the SIMD level its hashing core uses here."
    )

    func run() throws {
        Console.out("mlx \(MLXCoreVersion.string)")
        Console.out("blake3 simd: \(SIMDLevel.current.rawValue)")
    }
}
