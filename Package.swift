// swift-tools-version:6.0
// Faultline: a Toxiproxy-compatible TCP and DNS fault-injection proxy for Linux.
import PackageDescription

/// The modules on the data path drop the runtime exclusivity checks in release builds: they cost about 2.5 % of the
/// proxy's CPU per short connection (perf: swift_beginAccess/endAccess and their thread-local lookups), and each
/// loop's state is confined to its thread. Debug builds, which `swift test` runs, keep every check.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "faultline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "faultline", targets: ["faultline"]),
        .library(name: "FaultlineClient", targets: ["FaultlineClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .target(name: "CFaultlineLinux"),
        // OpenSSL from the system (libssl-dev); FaultlineTLS is the only module that imports it.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Files (PEM, the auto CA's state directory) go through FaultlinePosix, the one module that imports Glibc.
        .target(
            name: "FaultlineTLS", dependencies: ["COpenSSL", "FaultlineCore", "FaultlinePosix"], swiftSettings: hotPath
        ),
        .target(name: "FaultlineCore", swiftSettings: hotPath),
        .target(name: "FaultlineHTTP", dependencies: ["FaultlineCore"]),
        .target(name: "FaultlineAdmin", dependencies: ["FaultlineCore", "FaultlineHTTP"]),
        .target(name: "FaultlineDNS", dependencies: ["FaultlineCore"]),
        .target(name: "FaultlineHTTPFaults", dependencies: ["FaultlineCore", "FaultlineHTTP"], swiftSettings: hotPath),
        .target(name: "FaultlinePosix", dependencies: ["FaultlineCore", "CFaultlineLinux"], swiftSettings: hotPath),
        .target(
            name: "FaultlineServer",
            dependencies: [
                "FaultlineCore", "FaultlineHTTP", "FaultlineAdmin", "FaultlineDNS", "FaultlinePosix",
                "FaultlineHTTPFaults", "FaultlineTLS", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: hotPath
        ),
        .target(name: "FaultlineClient", dependencies: ["FaultlineCore", "FaultlineHTTP", "FaultlinePosix"]),
        .target(name: "FaultlineTesting", dependencies: ["FaultlineCore"]),
        .target(name: "FaultlineExperiment", dependencies: ["FaultlineCore"]),
        .target(
            name: "FaultlineRunner",
            dependencies: [
                "FaultlineExperiment", "FaultlineClient", "FaultlinePosix", "FaultlineHTTP", "FaultlineCore",
                "FaultlineDNS",
            ]
        ),
        .executableTarget(
            name: "faultline",
            dependencies: [
                "FaultlineCore", "FaultlineServer", "FaultlineAdmin", "FaultlineClient", "FaultlinePosix",
                "FaultlineExperiment", "FaultlineRunner", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libFuzzer targets (docs/reliability.md): in a normal build each is a small program replaying the input
        // files it is given; `scripts/fuzz` rebuilds them with -DFUZZING and `--sanitize fuzzer`, where libFuzzer
        // supplies `main` and calls their `LLVMFuzzerTestOneInput`.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(
            name: "FuzzHTTP",
            dependencies: ["FuzzSupport", "FaultlineHTTP", "FaultlineAdmin", "FaultlineCore"],
            path: "Fuzz/FuzzHTTP"
        ),
        .executableTarget(name: "FuzzWire", dependencies: ["FuzzSupport", "FaultlineCore"], path: "Fuzz/FuzzWire"),
        .executableTarget(
            name: "FuzzDNS", dependencies: ["FuzzSupport", "FaultlineDNS", "FaultlineCore"], path: "Fuzz/FuzzDNS"),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: ["FuzzSupport", "FaultlineCore", "FaultlineDNS", "FaultlineTesting"],
            path: "Fuzz/FuzzConfig"
        ),
        .executableTarget(
            name: "FuzzExperiment",
            dependencies: ["FuzzSupport", "FaultlineExperiment", "FaultlineCore", "FaultlineTesting"],
            path: "Fuzz/FuzzExperiment"
        ),
        // Helpers shared by the end-to-end test targets (child processes); Glibc is fine here, outside Sources.
        .target(name: "FaultlineTestSupport", path: "Tests/FaultlineTestSupport"),
        .testTarget(name: "FaultlineCoreTests", dependencies: ["FaultlineCore", "FaultlineTesting"]),
        .testTarget(name: "FaultlineHTTPTests", dependencies: ["FaultlineHTTP"]),
        .testTarget(name: "FaultlineAdminTests", dependencies: ["FaultlineAdmin", "FaultlineCore", "FaultlineHTTP"]),
        .testTarget(name: "FaultlineDNSTests", dependencies: ["FaultlineDNS"]),
        .testTarget(
            name: "FaultlineHTTPFaultsTests", dependencies: ["FaultlineHTTPFaults", "FaultlineHTTP", "FaultlineCore"]
        ),
        .testTarget(
            name: "FaultlineExperimentTests",
            dependencies: ["FaultlineExperiment", "FaultlineCore", "FaultlineTesting"]
        ),
        .testTarget(
            name: "FaultlineRunnerTests",
            dependencies: [
                "FaultlineTestSupport",
                // The executable too: the signal and crash tests run `faultline experiment` as a subprocess.
                "faultline", "FaultlineRunner", "FaultlineExperiment", "FaultlineClient", "FaultlineServer",
                "FaultlinePosix", "FaultlineHTTP", "FaultlineCore", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FaultlineTLSTests",
            dependencies: ["FaultlineTLS", "FaultlineCore", "FaultlinePosix", "FaultlineTestSupport"],
            // The memory and speed checks handshake hundreds of session pairs; unoptimised Swift would dominate.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        .testTarget(name: "FaultlinePosixTests", dependencies: ["FaultlinePosix", "FaultlineCore"]),
        .testTarget(
            name: "FaultlineClientTests",
            dependencies: [
                "FaultlineTestSupport",
                // The executable too: its commands' pure parts are unit-tested, and its binary is run as a subprocess.
                "faultline", "FaultlineClient", "FaultlineServer", "FaultlineCore", "FaultlinePosix",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FaultlineServerTests",
            dependencies: [
                "FaultlineTestSupport",
                "FaultlineServer", "FaultlinePosix", "FaultlineCore", "FaultlineClient", "FaultlineTesting",
                "FaultlineDNS", "FaultlineHTTPFaults", .product(name: "Logging", package: "swift-log"),
            ],
            // The peers in these tests hash and shuffle hundreds of MiB; unoptimised they would dominate the run.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
