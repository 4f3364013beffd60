import Foundation

/// The family of compression kernels the hasher runs, chosen once at run time.
public enum SIMDLevel: String, Sendable, CaseIterable, Comparable {
    /// 16 chunks or parents per compression, in 512-bit registers (AVX-512F).
    case avx512
    /// 8 chunks or parents per compression, in 256-bit registers.
    case avx2
    /// One compression at a time in plain C; runs on any CPU.
    case portable

    /// The level every hasher uses unless told otherwise: the widest the CPU supports, lowered
    /// by the environment variable `MLX_SIMD` (`portable`, `avx2`, `avx512`), read once, so that
    /// the fallbacks can be run and compared on a machine that has the wider kernels.
    public static var current: SIMDLevel { selected }

    private static let selected = SIMDLevel(requested: ProcessInfo.processInfo.environment["MLX_SIMD"])

    /// The widest level this CPU runs.
    static let widestSupported: SIMDLevel =
        switch Kernel.supportedLevel {
        case Kernel.avx512Level: .avx512
        case Kernel.avx2Level: .avx2
        default: .portable
        }

    /// The requested level where the CPU supports it, else the widest it does; an unknown or
    /// missing name means no request.
    init(requested: String?) {
        let wanted = requested.flatMap(SIMDLevel.init(rawValue:)) ?? .avx512
        self = min(wanted, SIMDLevel.widestSupported)
    }

    /// Whether this CPU can run the level's kernels.
    var isSupported: Bool { self <= SIMDLevel.widestSupported }

    var kernelLevel: Int32 {
        switch self {
        case .avx512: Kernel.avx512Level
        case .avx2: Kernel.avx2Level
        case .portable: Kernel.portableLevel
        }
    }

    /// Orders levels by width: `portable < avx2 < avx512`.
    public static func < (lhs: SIMDLevel, rhs: SIMDLevel) -> Bool { lhs.kernelLevel < rhs.kernelLevel }
}
