// swift-tools-version:6.0
// Swift 6 language mode (the default for tools version 6.0) gives complete strict-concurrency checking.
import PackageDescription

let package = Package(
    name: "Autograd",
    products: [
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "AutogradNN", targets: ["AutogradNN"]),
        .library(name: "AutogradPlot", targets: ["AutogradPlot"]),
        .executable(name: "autograd", targets: ["autograd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The engine: scalar tape, expressions, graph descriptions, file formats.
        .target(name: "Autograd", dependencies: ["CAutogradKernels"]),
        // Matrix-product kernels in C for AVX2+FMA, chosen at run time (no unsafe flags needed).
        .target(name: "CAutogradKernels"),
        // Learning: modules, layers, losses, optimizers, data sets and batching.
        .target(name: "AutogradNN", dependencies: ["Autograd"]),
        // Pictures: Graphviz DOT export and rendering, SVG charts.
        .target(name: "AutogradPlot", dependencies: ["Autograd"]),
        // The workloads of shared/WORKLOADS.md, run by `autograd bench`.
        .target(name: "AutogradBenchmarks", dependencies: ["Autograd", "AutogradNN"], path: "Benchmarks"),
        // The command-line tool: a thin layer over the public API.
        .executableTarget(
            name: "autograd",
            dependencies: [
                "Autograd", "AutogradNN", "AutogradPlot", "AutogradBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (the seeded fuzzer and random generator).
        .target(name: "AutogradTestSupport", path: "Tests/AutogradTestSupport"),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "AutogradTestSupport"], resources: [.copy("Fuzz/Corpus")]),
        .testTarget(name: "AutogradNNTests", dependencies: ["AutogradNN", "AutogradBenchmarks", "AutogradTestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "AutogradPlotTests", dependencies: ["AutogradPlot", "AutogradTestSupport"]),
        .testTarget(name: "AutogradCLITests", dependencies: ["autograd", "AutogradBenchmarks"]),
        // The workloads run small against their check values, with copies of shared/data.
        .testTarget(name: "AutogradBenchmarkTests", dependencies: ["AutogradBenchmarks"], resources: [.copy("Data")]),
    ]
)
