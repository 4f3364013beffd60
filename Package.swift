// swift-tools-version: 6.0
import PackageDescription

// Dependencies point inward: CBLAKE3 ← MLXHash ← MLXCore ← {MLXRemote, MLXGit, MLXPlots} ← mlx.
// Only MLXGit links libgit2 and only MLXRemote loads libcurl, so hashing and core tests link neither.
let package = Package(
    name: "mlx",
    products: [
        .executable(name: "mlx", targets: ["mlx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // TOML params files. Measured: a clean build of TOMLKit (toml++ inside) takes ~14 s here.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "CBLAKE3",
            cSettings: [
                .define("NDEBUG"),
                // Debug builds compile C at -O0, which makes the kernels ~20x slower and every
                // test that hashes real data crawl. Optimizing just these kernels costs nothing
                // in debuggability of the Swift code. (mlx is a root package, so the flag is allowed.)
                .unsafeFlags(["-O2"], .when(configuration: .debug)),
            ]
        ),
        .target(name: "MLXHash", dependencies: ["CBLAKE3"]),
        // Linux calls that Swift's Glibc module lacks (syncfs); no library of its own.
        .target(name: "CSyscall"),
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // libcurl's headers (libcurl4-openssl-dev) at build time; the library itself is loaded
        // with dlopen only by commands that reach an HTTP or SSH remote (see curl_loader.c).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "MLXCore",
            dependencies: [
                "MLXHash",
                "CSyscall",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // libgit2's CA bundle parsed when a fetch needs it, not at every start (certificates.c).
        .target(name: "CGitCertificates", dependencies: ["CGit2"], linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "MLXGit", dependencies: ["MLXCore", "CGit2", "CGitCertificates"]),
        // Drawing plots (SVG, the HTML page, Vega-Lite JSON) apart from reading their data.
        .target(name: "MLXPlots", dependencies: ["MLXCore"]),
        .target(
            name: "MLXRemote",
            dependencies: ["MLXHash", "MLXCore", "CCurl", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "mlx",
            dependencies: [
                "MLXHash", "MLXCore", "MLXGit", "MLXRemote", "MLXPlots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "MLXTestSupport", dependencies: ["MLXHash", "MLXCore"]),
        .testTarget(name: "MLXHashTests", dependencies: ["MLXHash", "MLXTestSupport"]),
        .testTarget(name: "MLXCoreTests", dependencies: ["MLXCore", "MLXTestSupport"]),
        .testTarget(name: "MLXPlotsTests", dependencies: ["MLXPlots", "MLXTestSupport"]),
        .testTarget(name: "MLXGitTests", dependencies: ["MLXGit", "MLXTestSupport"]),
        .testTarget(name: "MLXRemoteTests", dependencies: ["MLXRemote", "MLXTestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["MLXTestSupport"]),
    ]
)
