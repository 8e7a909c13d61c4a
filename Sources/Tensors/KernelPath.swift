#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which register micro-kernel the matrix products use, chosen once per process
/// (BLIS / OpenBLAS DYNAMIC_ARCH style: one blocking and packing layer, and per
/// instruction set only the tile shape MR × NR and the cache block sizes).
///
/// What a path is, and what it is not: Swift compiles every function for one
/// target CPU (`-target-cpu`, set in Package.swift), and has no per-function
/// target attributes or `#if` on target features. So a path chooses the tile
/// *shape* — how many vector accumulators, of which width — sized to the
/// registers of that instruction set; the instructions themselves are those of
/// the build's target CPU. Every path is plain Swift SIMD code, hence correct on
/// any CPU the binary runs on, except `avx512`, whose 512-bit tiles exist only
/// when Package.swift defines `METALAB_AVX512` (target CPU `native` on a build
/// machine with AVX-512). A binary built for x86-64-v3 therefore has no AVX-512
/// tile to pick, and `METALAB_KERNELS=avx512` falls back with a warning.
///
/// `METALAB_KERNELS=avx512|avx2|neon|generic` forces a path (tests and benches);
/// otherwise the best one the CPU reports (/proc/cpuinfo on Linux, sysctl on
/// Darwin) and the build supports.
public enum KernelPath: String, Sendable, CaseIterable {
    /// 12 × 16 tile of `SIMD8<Double>` (24 of 32 zmm registers), 5 × 40 for narrow products.
    case avx512
    /// 4 × 12 tile of `SIMD4<Double>` (12 of 16 ymm registers), 5 × 8 for narrow products.
    case avx2
    /// 6 × 8 tile of `SIMD4<Double>`, i.e. 24 of the 32 128-bit NEON registers (arm64 only).
    case neon
    /// 4 × 8 tile of `SIMD4<Double>`: 8 accumulators, fits any 16-register ISA whose vectors
    /// hold 4 doubles (on SSE2 alone each is two registers: correct, slower).
    case generic

    /// The path every product in this process uses (resolved on first use).
    public static let active: KernelPath = {
        let requested = getenv("METALAB_KERNELS").map { String(cString: $0) }
        let choice = resolve(requested: requested, available: available, best: best)
        if let warning = choice.warning {
            let line = Array("metalab: \(warning)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
        return choice.path
    }()

    /// The paths this build can run on this CPU.
    public static let available: Set<KernelPath> = {
        var paths: Set<KernelPath> = [.generic]
        #if arch(x86_64)
            paths.insert(.avx2)  // plain SIMD4 code: correct (if slower) without AVX2
            #if METALAB_AVX512
                if CPUFeatures.current.contains("avx512f") { paths.insert(.avx512) }
            #endif
        #elseif arch(arm64)
            paths.insert(.neon)
        #endif
        return paths
    }()

    /// The fastest available path for this CPU.
    public static var best: KernelPath {
        let features = CPUFeatures.current
        if available.contains(.avx512) { return .avx512 }
        if available.contains(.neon) { return .neon }
        if features.contains("avx2") && features.contains("fma") { return .avx2 }
        return .generic
    }

    /// The path for a `METALAB_KERNELS` value: `best` when unset or empty; a
    /// warning (and `best`) when the value is unknown or not available here.
    static func resolve(
        requested: String?, available: Set<KernelPath>, best: KernelPath
    ) -> (path: KernelPath, warning: String?) {
        guard let requested, !requested.isEmpty else { return (best, nil) }
        guard let path = KernelPath(rawValue: requested.lowercased()) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            return (best, "METALAB_KERNELS=\(requested) is not one of \(names); using \(best.rawValue)")
        }
        guard available.contains(path) else {
            return (
                best,
                "METALAB_KERNELS=\(requested) is not available in this build on this CPU; "
                    + "using \(best.rawValue)"
            )
        }
        return (path, nil)
    }
}

/// The CPU's feature flags in lower case (`avx2`, `fma`, `avx512f`, …), read once.
enum CPUFeatures {
    static let current: Set<String> = {
        #if os(Linux)
            return flags(fromCPUInfo: readSmallFile("/proc/cpuinfo") ?? "")
        #elseif canImport(Darwin)
            var flags: Set<String> = []
            for (key, flag) in [
                ("hw.optional.avx2_0", "avx2"), ("hw.optional.fma", "fma"),
                ("hw.optional.avx512f", "avx512f"),
            ] {
                var value: Int32 = 0
                var size = MemoryLayout<Int32>.size
                if sysctlbyname(key, &value, &size, nil, 0) == 0, value != 0 { flags.insert(flag) }
            }
            return flags
        #else
            return []
        #endif
    }()

    /// The words of the first `flags` line (x86) or `Features` line (arm64) of /proc/cpuinfo.
    static func flags(fromCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: " \t")
            if key == "flags" || key == "Features" {
                return Set(parts[1].split(separator: " ").map { $0.lowercased() })
            }
        }
        return []
    }

    #if os(Linux)
        /// The text of a small file (at most 1 MiB), or nil when it cannot be read.
        static func readSmallFile(_ path: String) -> String? {
            guard let file = fopen(path, "r") else { return nil }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while bytes.count < 1 << 20 {
                let read = fread(&chunk, 1, chunk.count, file)
                if read <= 0 { break }
                bytes.append(contentsOf: chunk[0..<read])
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    #endif
}

extension Substring {
    /// Kept here, not Terminal's `trimmingWhitespace`: Tensors imports no other module of MetaLab.
    fileprivate func trimmingCharacters(in characters: String) -> Substring {
        var s = self
        while let first = s.first, characters.contains(first) { s = s.dropFirst() }
        while let last = s.last, characters.contains(last) { s = s.dropLast() }
        return s
    }
}
