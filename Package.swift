// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Numeric code is compiled for one target CPU: without `-target-cpu`,
/// `addingProduct` (fused multiply-add) lowers to a C library call per element
/// and SIMD stays at SSE2 width — about 60× slower on the kernels that matter.
/// The default, `native`, builds for the machine `swift build` runs on.
/// `METALAB_TARGET_CPU=haswell` (the x86-64-v3 feature set: AVX2 + FMA, 16 vector
/// registers; swiftc does not accept the name x86-64-v3) builds what a machine
/// without AVX-512 gets; give it its own build path
/// (`--scratch-path .build-x86-64-v3`, see `make bench-x86-64-v3`).
/// `METALAB_AVX512` compiles the 512-bit product tiles (Tensors/KernelPath.swift);
/// it is defined only for a native build on a machine whose CPU has AVX-512, so a
/// binary for any other target can never pick them.
/// `-fno-math-errno`: Swift's `squareRoot()` is a C inline function, which on Linux otherwise
/// checks for a negative argument to set `errno` (nothing here reads it) — a branch and a libm
/// call that kept square roots out of vectors (Adam's update: one `vsqrtsd` per parameter).
/// IEEE square roots are correctly rounded, so the values are the same.
let targetCPU = Context.environment["METALAB_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 } ?? "native"
let buildMachineHasAVX512: Bool = {
    #if os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return info.split(separator: "\n").contains { $0.hasPrefix("flags") && $0.contains(" avx512f ") }
    #elseif os(macOS) && arch(x86_64)
        return false  // Apple's Intel Macs with AVX-512 are rare; their users may set METALAB_TARGET_CPU
    #else
        return false
    #endif
}()
let native: [SwiftSetting] =
    [.unsafeFlags(["-target-cpu", targetCPU, "-Xcc", "-fno-math-errno"])]
    + (targetCPU == "native" && buildMachineHasAVX512 ? [.define("METALAB_AVX512")] : [])

/// The numeric kernels are optimised in debug builds too: unoptimised, one 300×300
/// product takes ~2 s instead of ~1 ms, so the test suite crawled and a stop request
/// waited seconds for the kernel's next poll. (`-enable-testing` still applies.)
let optimisedKernels: [SwiftSetting] = native + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "MetaLab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "metalab", targets: ["metalab"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: numeric stack
        .target(
            name: "Tensors",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: optimisedKernels),
        .target(
            name: "Autodiff",
            dependencies: ["Tensors", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: native),
        .target(
            name: "NeuralNets",
            dependencies: ["Tensors", "Autodiff", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: native),
        .target(
            name: "TaskData",
            dependencies: ["Tensors", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: native),
        .target(
            name: "MetaLearning",
            dependencies: [
                "Tensors", "Autodiff", "NeuralNets", "TaskData",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: native),
        .target(
            name: "MultiTask",
            dependencies: [
                "Tensors", "Autodiff", "NeuralNets", "TaskData",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: native),

        // MARK: language and presentation
        .target(name: "Diagnostics", dependencies: ["Terminal"]),
        .target(name: "Terminal"),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Plotting", dependencies: ["Terminal", "CZlib"], swiftSettings: native),
        .target(name: "Formulas", dependencies: ["Diagnostics", "Terminal"]),

        // MARK: lessons and the shell
        .systemLibrary(name: "CCMark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .target(
            name: "Notebook",
            dependencies: [
                "Diagnostics", "Terminal", "Formulas", "LabLang", "LabLibrary", "CCMark",
                .product(name: "Yams", package: "Yams"),
            ]),
        // `metalab check` and `lint`: no readline in their closure (LessonToolsTests proves it);
        // only the shell's front end adds CReadline.
        .target(name: "LessonTools", dependencies: ["Notebook", "Diagnostics", "Terminal"]),
        .target(
            name: "Shell", dependencies: ["LessonTools", "Notebook", "Diagnostics", "Terminal", "CReadline"]),
        .target(
            name: "LabLang", dependencies: ["Diagnostics", "Terminal"]),
        .target(
            name: "LabLibrary",
            dependencies: [
                "LabLang", "Diagnostics", "Tensors", "Autodiff", "NeuralNets", "TaskData", "MultiTask",
                "MetaLearning",
                "Plotting", "Terminal", "Formulas",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: native),

        // MARK: executables
        .executableTarget(
            name: "metalab",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Shell", "LessonTools", "Notebook",
                "Formulas", "Diagnostics",
                "LabLang", "LabLibrary", "Terminal",
            ]),

        .executableTarget(
            name: "metalab-bench",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Tensors", "Autodiff", "NeuralNets", "MetaLearning", "Plotting", "Terminal", "LabLang",
                "LabLibrary",
            ],
            swiftSettings: native),

        // MARK: tests
        // What the test targets share: one golden JSON reader, one text-golden recorder,
        // one seeded generator, relative closeness. Never linked into the products.
        .target(
            name: "TestSupport", dependencies: ["Tensors", "NeuralNets", "Terminal", "CZlib"],
            path: "Sources/_TestSupport"),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"], swiftSettings: native),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"], swiftSettings: native),
        .testTarget(
            name: "NeuralNetsTests", dependencies: ["NeuralNets", "Autodiff", "TestSupport"],
            exclude: ["Golden"],
            swiftSettings: native),
        .testTarget(name: "TaskDataTests", dependencies: ["TaskData", "Tensors"], swiftSettings: native),
        .testTarget(
            name: "MultiTaskTests",
            dependencies: ["MultiTask", "TaskData", "NeuralNets", "Tensors", "TestSupport"],
            exclude: ["Golden"],
            swiftSettings: native),
        .testTarget(
            name: "MetaLearningTests",
            dependencies: ["MetaLearning", "NeuralNets", "Tensors", "Autodiff", "TaskData", "TestSupport"],
            exclude: ["Golden"], swiftSettings: native),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "Terminal"]),
        .testTarget(name: "LabLangTests", dependencies: ["LabLang", "Diagnostics"]),
        .testTarget(
            name: "LabLibraryTests", dependencies: ["LabLibrary", "LabLang", "Diagnostics", "TestSupport"],
            exclude: ["Scripts", "Fixtures"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "TestSupport"]),
        .testTarget(
            name: "PlottingTests", dependencies: ["Plotting", "Terminal", "TestSupport", "CZlib"],
            exclude: ["Golden"]),
        .testTarget(
            name: "NotebookTests",
            dependencies: [
                "Notebook", "Diagnostics", "Terminal", "TestSupport",
                .product(name: "Yams", package: "Yams"),  // the oracle of the progress file's encoding
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ShellTests", dependencies: ["Shell", "LessonTools", "Notebook", "Terminal", "TestSupport"]),
        .testTarget(name: "LessonToolsTests", dependencies: ["LessonTools", "Notebook", "TestSupport"]),
        .testTarget(
            name: "FormulasTests", dependencies: ["Formulas", "Diagnostics", "Terminal", "TestSupport"],
            exclude: ["Golden"]),
        // runs the built `metalab` executable
        .testTarget(name: "metalabTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
