import Testing

@testable import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every micro-kernel path this build can run, on any machine (the run-time
/// choice only picks among them; `METALAB_KERNELS` forces one for whole suites).
@Suite struct KernelPathTests {
    static let paths = KernelPath.allCases.filter { KernelPath.available.contains($0) }

    /// Shapes that hit every tile of every path (12 × 2, 5 × 3–5, 4 × 3, 6 × 2, 4 × 2 vectors),
    /// each panel
    /// widths, the scalar column tail, several k-blocks (KC = 128, 256) and packing.
    /// (200, 40, 600) packs A (rows 600 apart) for the 5-row narrow tile: blocks of MC = 96 or
    /// 72 rows are not whole 5-row tiles, and the last tile was packed past the buffer's end
    /// (valgrind: invalid write in packTile; seen as a heap corruption, not a wrong value).
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (5, 7, 3), (6, 8, 9), (7, 12, 300), (13, 17, 5), (10, 40, 40), (11, 33, 129),
        (25, 4, 260), (40, 72, 300), (100, 101, 64), (30, 36, 513), (7, 24, 200), (3, 40, 1),
        (200, 40, 600),
    ]

    /// The blocked product with each path's tile against the reference i-k-j loops
    /// (each element is one FMA chain per k-block on both sides, the blocks added
    /// in another order: tolerance 1e-14·k on inputs in [−1, 1)).
    @Test(arguments: paths, shapes)
    func everyPathMatchesTheReference(path: KernelPath, shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = (0..<(m * k)).map { _ in g.uniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in g.uniform(-1, 1) }
        var fast = [Double](repeating: .nan, count: m * n)
        var slow = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                fast.withUnsafeMutableBufferPointer {
                    stridedProduct(
                        m: m, n: n, k: k, a: StridedMatrix(pa.baseAddress!, rowStride: k, columnStride: 1),
                        b: StridedMatrix(pb.baseAddress!, rowStride: n, columnStride: 1),
                        c: $0.baseAddress!, ldc: n, path: path)
                }
                slow.withUnsafeMutableBufferPointer {
                    referenceGemm(
                        m: m, n: n, k: k, a: pa.baseAddress!, b: pb.baseAddress!, c: $0.baseAddress!)
                }
            }
        }
        let worst = zip(fast, slow).reduce(0.0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
        #expect(worst <= 1e-14 * Double(k), "\(path) \(m)×\(k)·\(k)×\(n): max error \(worst)")
        #expect(!fast.contains { $0.isNaN }, "\(path): every element written")
    }

    /// The raw-buffer `gemm` of the MAML workspaces on every path: A read transposed
    /// (ars = 1), C a window of a wider matrix (ldc > n), and each start — zero,
    /// accumulate onto C, bias — against a scalar loop written from the definition.
    @Test(arguments: paths, [(10, 40, 40), (40, 40, 250), (7, 13, 5), (250, 1, 40), (1, 40, 10)])
    func bufferProductsAgreeOnEveryPath(path: KernelPath, shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(k * m)).map { _ in g.uniform(-1, 1) }  // stored k×m, read as m×k transposed
        let b = (0..<(k * n)).map { _ in g.uniform(-1, 1) }
        let bias = (0..<n).map { _ in g.uniform(-1, 1) }
        let ldc = n + 3
        let before = (0..<(m * ldc)).map { _ in g.uniform(-1, 1) }
        func expected(_ i: Int, _ j: Int, start: Double) -> Double {
            var s = start
            for p in 0..<k { s += a[p * m + i] * b[p * n + j] }
            return s
        }
        for mode in ["zero", "accumulate", "bias"] {
            var c = before
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    bias.withUnsafeBufferPointer { pbias in
                        let start: ProductStart =
                            mode == "zero"
                            ? .zero : mode == "accumulate" ? .accumulate : .bias(pbias.baseAddress!)
                        c.withUnsafeMutableBufferPointer {
                            gemm(
                                m: m, n: n, k: k, a: pa.baseAddress!, ars: 1, acs: m, b: pb.baseAddress!,
                                ldb: n, c: $0.baseAddress!, ldc: ldc, initial: start, path: path)
                        }
                    }
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    let origin = mode == "zero" ? 0 : mode == "accumulate" ? before[i * ldc + j] : bias[j]
                    worst = Swift.max(worst, Swift.abs(c[i * ldc + j] - expected(i, j, start: origin)))
                }
                for j in n..<ldc {
                    #expect(c[i * ldc + j] == before[i * ldc + j], "\(path): outside C untouched")
                }
            }
            #expect(worst <= 1e-14 * Double(k + 1), "\(path) \(mode) \(m)×\(k)·\(k)×\(n): \(worst)")
        }
    }

    /// `gemm` with a mask, C = M ⊙ (start + A·B) (a signal times σ′ stored by the tiles): every
    /// path, the tiles and their edge columns (n = 13, 45), the direct products (n = 1, k = 1,
    /// m = 1), a packed product (m = 60, ldb = 70) and k = 0, against the definition, starting from
    /// zero, C or a bias; M of a wider matrix (ldm > n) with zeros (relu′) and general values.
    @Test(
        arguments: paths,
        [
            (10, 40, 10), (7, 13, 5), (12, 45, 9), (40, 1, 10), (20, 40, 1), (20, 53, 1), (1, 45, 7),
            (60, 70, 30), (3, 8, 0),
        ])
    func maskedProductsAgreeOnEveryPath(path: KernelPath, shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k + 7))
        let a = (0..<(m * k)).map { _ in g.uniform(-1, 1) }  // row-major m×k
        let b = (0..<(k * n)).map { _ in g.uniform(-1, 1) }
        let ldm = n + 2
        let mask = (0..<(m * ldm)).map { i in i % 3 == 0 ? 0 : g.uniform(-2, 2) }
        let before = (0..<(m * n)).map { _ in g.uniform(-1, 1) }
        let bias = (0..<n).map { _ in g.uniform(-1, 1) }
        // A single column (n = 1) takes zero or C as its start; everything else a bias too.
        for mode in n == 1 ? ["zero", "accumulate"] : ["zero", "accumulate", "bias"] {
            var c = before
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    mask.withUnsafeBufferPointer { pm in
                        bias.withUnsafeBufferPointer { pbias in
                            let start: ProductStart =
                                mode == "zero"
                                ? .zero : mode == "accumulate" ? .accumulate : .bias(pbias.baseAddress!)
                            c.withUnsafeMutableBufferPointer {
                                gemm(
                                    m: m, n: n, k: k, a: pa.baseAddress!, ars: k, acs: 1, b: pb.baseAddress!,
                                    ldb: n, c: $0.baseAddress!, ldc: n, initial: start,
                                    path: path, mask: pm.baseAddress!, ldm: ldm)
                            }
                        }
                    }
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var s = mode == "zero" ? 0 : mode == "accumulate" ? before[i * n + j] : bias[j]
                    for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                    worst = Swift.max(worst, Swift.abs(c[i * n + j] - mask[i * ldm + j] * s))
                }
            }
            #expect(worst <= 2e-14 * Double(k + 1), "\(path) \(mode) \(m)×\(k)·\(k)×\(n): \(worst)")
        }
    }

    /// Issue 14: the AVX-512 tile's 24 accumulators spilled on 16-register AVX2 machines.
    /// Every tile of a path must fit its register file: rows × vectors accumulators,
    /// one row of B, one broadcast (NEON's SIMD4 is two 128-bit registers; generic
    /// assumes a 16-register ISA whose vectors hold 4 doubles).
    @Test(arguments: KernelPath.allCases)
    func everyTileFitsItsRegisterFile(path: KernelPath) {
        let (registers, perVector) =
            switch path {
            case .avx512: (32, 1)
            case .avx2, .generic: (16, 1)
            case .neon: (32, 2)
            }
        let shape = KernelShape.of(path)
        var tiles = [(shape.tileRows, shape.tileVectors)]
        for width in shape.narrowWidths where width > 0 {
            tiles.append((shape.narrowRows, Swift.min(width, shape.narrowVectors)))
        }
        for (rows, vectors) in tiles {
            let needed = (rows * vectors + vectors + 1) * perVector
            #expect(
                needed <= registers, "\(path): \(rows) × \(vectors) vectors needs \(needed) of \(registers)")
        }
    }

    /// The arithmetic the blocking layer relies on, for every path: lanes a power of two (column
    /// counts are masks and shifts), the packed A block whole main tiles, and the column panels
    /// of every width covering it exactly with shapes that `dispatchTile` has (1 … tile vectors,
    /// no one-vector panel after panels of three or more).
    @Test(arguments: KernelPath.allCases)
    func blockingInvariantsHold(path: KernelPath) {
        let shape = KernelShape.of(path)
        #expect(shape.lanes > 0 && shape.lanes & (shape.lanes - 1) == 0, "\(path): lanes \(shape.lanes)")
        #expect(1 << shape.laneShift == shape.lanes)
        #expect(shape.blockRows % shape.tileRows == 0, "\(path): MC \(shape.blockRows), MR \(shape.tileRows)")
        #expect(shape.depthBlock > 0 && shape.packedDepthBlock >= shape.depthBlock)
        for vectors in 1...64 {
            let (rows, maxVectors) = shape.tile(vectorColumns: vectors * shape.lanes)
            var widths: [Int] = []
            var left = vectors
            while left > 0 {
                let width = panelVectors(remaining: left, max: maxVectors)
                widths.append(width)
                left -= width
            }
            #expect(widths.reduce(0, +) == vectors && widths.allSatisfy { (1...maxVectors).contains($0) })
            #expect(rows <= 12 && maxVectors <= 5, "\(path): tile \(rows) × \(maxVectors)")
            if maxVectors >= 3 && vectors > maxVectors {
                #expect(widths.last != 1, "\(path) \(vectors) vectors: panels \(widths)")
            }
        }
    }

    @Test func anUnsetOrEmptyRequestTakesTheBestPath() {
        #expect(
            KernelPath.resolve(requested: nil, available: [.generic, .avx2], best: .avx2) == (.avx2, nil))
        #expect(KernelPath.resolve(requested: "", available: [.generic, .avx2], best: .avx2) == (.avx2, nil))
        let mixedCase = KernelPath.resolve(requested: "Generic", available: [.generic], best: .generic)
        #expect(mixedCase == (.generic, nil))
    }

    @Test func anUnknownOrUnavailableRequestWarnsAndFallsBack() {
        let unknown = KernelPath.resolve(requested: "sse9", available: [.generic, .avx2], best: .avx2)
        #expect(unknown.path == .avx2)
        #expect(
            unknown.warning == "METALAB_KERNELS=sse9 is not one of avx512, avx2, neon, generic; using avx2")
        let missing = KernelPath.resolve(requested: "avx512", available: [.generic, .avx2], best: .avx2)
        #expect(missing.path == .avx2)
        #expect(missing.warning?.hasPrefix("METALAB_KERNELS=avx512 is not available") == true)
    }

    /// A binary without the 512-bit tiles compiled in can never choose them.
    @Test func avx512IsAvailableOnlyWhenCompiledIn() {
        #if METALAB_AVX512
            #expect(KernelPath.available.contains(.avx512) == CPUFeatures.current.contains("avx512f"))
        #else
            #expect(!KernelPath.available.contains(.avx512))
        #endif
        #expect(KernelPath.available.contains(.generic))
        #expect(KernelPath.available.contains(KernelPath.active))
    }

    /// `make test-kernels` forces each path in turn: the forced path must be the one in use.
    @Test func aForcedAvailablePathIsTheActiveOne() throws {
        let requested = getenv("METALAB_KERNELS").map { String(cString: $0).lowercased() } ?? ""
        let name = requested.isEmpty ? KernelPath.best.rawValue : requested
        let forced = try #require(KernelPath(rawValue: name))
        if KernelPath.available.contains(forced) { #expect(KernelPath.active == forced) }
    }

    @Test func cpuFlagsAreReadFromTheFirstFlagsLine() {
        let x86 =
            "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 AVX2 fma\nbugs\t\t: x\n"
            + "processor\t: 1\nflags\t\t: other\n"
        #expect(CPUFeatures.flags(fromCPUInfo: x86) == ["fpu", "sse2", "avx2", "fma"])
        #expect(CPUFeatures.flags(fromCPUInfo: "Features\t: fp asimd fphp\n") == ["fp", "asimd", "fphp"])
        #expect(CPUFeatures.flags(fromCPUInfo: "") == [])
    }
}
