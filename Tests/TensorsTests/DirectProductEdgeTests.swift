import Testing

@testable import Tensors

/// Edge cases of the raw-buffer `gemm`'s direct loops — one row (`vectorMatrix`) and k = 1
/// (`outerProduct`, the mask applied as it stores) — on strides other than the packed ones.
@Suite struct DirectProductEdgeTests {
    enum Start: CaseIterable { case zero, accumulate, bias }

    /// The strides of one call: A's element (i, p) at a[i·ars + p·acs], B's (p, j) at b[p·ldb + j],
    /// C's (i, j) at c[i·ldc + j], M's at mask[i·ldm + j].
    struct Layout {
        var m: Int, n: Int, k: Int, ars: Int, acs: Int, ldb: Int, ldc: Int, ldm: Int

        var aCount: Int { Swift.max(1, (m - 1) * ars + (k - 1) * acs + 1) }
        var bCount: Int { Swift.max(1, (k - 1) * ldb + n) }
        var cCount: Int { Swift.max(1, (m - 1) * ldc + n) }
        var maskCount: Int { Swift.max(1, (m - 1) * ldm + n) }
    }

    /// C after one product with `start` and optionally a mask; `tiles` runs the blocked tile
    /// product of that path directly (the way every m = 1 product went before `vectorMatrix`)
    /// instead of `gemm`'s choice.
    static func product(
        _ s: Layout, _ start: Start, a: [Double], b: [Double], before: [Double], bias: [Double],
        mask: [Double]?, tiles path: KernelPath? = nil
    ) -> [Double] {
        var c = before
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                bias.withUnsafeBufferPointer { pbias in
                    (mask ?? []).withUnsafeBufferPointer { pmask in
                        c.withUnsafeMutableBufferPointer { pc in
                            let initial: ProductStart =
                                switch start {
                                case .zero: .zero
                                case .accumulate: .accumulate
                                case .bias: .bias(pbias.baseAddress!)
                                }
                            let m = mask == nil ? nil : pmask.baseAddress
                            if let path {
                                stridedProduct(
                                    m: s.m, n: s.n, k: s.k,
                                    a: StridedMatrix(pa.baseAddress!, rowStride: s.ars, columnStride: s.acs),
                                    b: StridedMatrix(pb.baseAddress!, rowStride: s.ldb, columnStride: 1),
                                    c: pc.baseAddress!, ldc: s.ldc, start: initial, path: path, mask: m,
                                    ldm: s.ldm)
                            } else {
                                gemm(
                                    m: s.m, n: s.n, k: s.k, a: pa.baseAddress!, ars: s.ars, acs: s.acs,
                                    b: pb.baseAddress!, ldb: s.ldb, c: pc.baseAddress!, ldc: s.ldc,
                                    initial: initial, mask: m, ldm: s.ldm)
                            }
                        }
                    }
                }
            }
        }
        return c
    }

    /// The same bits, or both NaN (a NaN's sign and payload are not part of any contract here).
    static func same(_ x: Double, _ y: Double) -> Bool {
        x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern
    }

    /// Equal as numbers (0 = −0), or both NaN.
    static func agree(_ x: Double, _ y: Double) -> Bool { x.isNaN ? y.isNaN : x == y }

    /// One row (`vectorMatrix`, with A's row read at a stride acs ≠ 1 too, and k = 0) and k = 1
    /// (`outerProduct`, rows of x at a stride ars ≠ 1, C and M rows wider than n) against the
    /// definition written as the loops promise it: each element one FMA chain over p in order
    /// from its start (0, C or the bias), then times M — bit for bit. Widths hit the 40- and
    /// 8-column blocks and the scalar tail; C's padding columns (ldc > n) must be left alone.
    @Test(arguments: [1, 7, 39, 41, 81])
    func directLoopsAreOneFusedChainPerElement(n: Int) {
        var g = SeededGenerator(seed: UInt64(n))
        var layouts: [Layout] = []
        for k in [0, 2, 9] {  // one row
            for acs in [1, 3] {
                for ldb in [n, n + 5] {
                    layouts.append(
                        Layout(m: 1, n: n, k: k, ars: 4, acs: acs, ldb: ldb, ldc: n + 2, ldm: n + 1))
                }
            }
        }
        for m in [1, 2, 5] {  // k = 1
            for ars in [1, 2] {
                for (ldc, ldm) in [(n, n), (n + 3, n + 4)] {
                    layouts.append(Layout(m: m, n: n, k: 1, ars: ars, acs: 7, ldb: n + 5, ldc: ldc, ldm: ldm))
                }
            }
        }
        for s in layouts {
            // n = 1 with acs = ldb = 1 is `matrixVector` (start + a dot product): not one chain.
            if s.n == 1 && s.acs == 1 && s.ldb == 1 { continue }
            let a = (0..<s.aCount).map { _ in g.uniform(-1, 1) }
            let b = (0..<s.bCount).map { _ in g.uniform(-1, 1) }
            let before = (0..<s.cCount).map { _ in g.uniform(-1, 1) }
            let bias = (0..<n).map { _ in g.uniform(-1, 1) }
            let mask = (0..<s.maskCount).map { i in i % 4 == 1 ? 0 : g.uniform(-2, 2) }
            for start in Start.allCases {
                for masked in [false, true] {
                    let c = Self.product(
                        s, start, a: a, b: b, before: before, bias: bias, mask: masked ? mask : nil)
                    var wrong: [String] = []
                    for i in 0..<s.m {
                        for j in 0..<s.ldc where i * s.ldc + j < s.cCount {
                            let got = c[i * s.ldc + j]
                            if j >= n {
                                if !Self.same(got, before[i * s.ldc + j]) {
                                    wrong.append("padding (\(i), \(j))")
                                }
                                continue
                            }
                            var e: Double =
                                switch start {
                                case .zero: 0
                                case .accumulate: before[i * s.ldc + j]
                                case .bias: bias[j]
                                }
                            for p in 0..<s.k {
                                e = e.addingProduct(a[i * s.ars + p * s.acs], b[p * s.ldb + j])
                            }
                            if masked { e *= mask[i * s.ldm + j] }
                            if !Self.same(got, e) { wrong.append("(\(i), \(j)): \(got) vs \(e)") }
                        }
                    }
                    #expect(wrong.isEmpty, "\(s) \(start) masked \(masked): \(wrong.prefix(4))")
                }
            }
        }
    }

    /// What a mask does to values that are not finite: C ⊙= M is an IEEE product, as the tiles
    /// and the old separate pass did it — a NaN (or ∞) signal times a mask 0 stays NaN (a relu′
    /// does not hide a diverged signal), a NaN or ∞ in M reaches C. Every direct path (one row,
    /// k = 1, one column both ways) must agree with the tile product of every kernel path and
    /// with the definition; integer operands make every sum exact in any order, so only the
    /// placement of NaN and ∞ can differ.
    @Test(arguments: [
        Layout(m: 1, n: 41, k: 5, ars: 5, acs: 1, ldb: 41, ldc: 41, ldm: 43),  // vectorMatrix
        Layout(m: 1, n: 9, k: 6, ars: 1, acs: 2, ldb: 11, ldc: 9, ldm: 9),  // vectorMatrix, acs 2
        Layout(m: 5, n: 41, k: 1, ars: 1, acs: 1, ldb: 41, ldc: 44, ldm: 45),  // outerProduct
        Layout(m: 7, n: 1, k: 5, ars: 5, acs: 1, ldb: 1, ldc: 1, ldm: 2),  // matrixVector
        Layout(m: 7, n: 1, k: 5, ars: 1, acs: 7, ldb: 1, ldc: 1, ldm: 1),  // transposedMatrixVector
        Layout(m: 1, n: 13, k: 0, ars: 1, acs: 1, ldb: 13, ldc: 13, ldm: 13),  // one row, k = 0
    ])
    func nonFiniteValuesThroughAMaskAgreeOnEveryPath(layout s: Layout) {
        var g = SeededGenerator(seed: UInt64(s.m * 100 + s.n + s.k))
        func integer() -> Double { Double(Int(g.uniform(-3, 4))) }
        let special: [Double] = [.nan, .infinity, -.infinity, 0, -0.0]
        var a = (0..<s.aCount).map { _ in integer() }
        if s.k > 0 { a[0] = .infinity }  // meets a 0 in B on some elements: NaN there
        let b = (0..<s.bCount).map { i in i % 7 == 3 ? 0 : integer() }
        let before = (0..<s.cCount).map { i in i % 5 == 2 ? special[i % special.count] : integer() }
        let bias = (0..<s.n).map { j in j % 6 == 4 ? -.infinity : integer() }
        let mask = (0..<s.maskCount).map { i in i % 3 == 0 ? special[(i / 3) % special.count] : integer() }
        // Transposed A·x takes no bias (gemm sends a bias elsewhere), so this start list is per layout.
        let starts: [Start] = s.n == 1 && s.ars == 1 ? [.zero, .accumulate] : Start.allCases
        for start in starts {
            let direct = Self.product(s, start, a: a, b: b, before: before, bias: bias, mask: mask)
            var expected = before
            for i in 0..<s.m {
                for j in 0..<s.n {
                    var e: Double =
                        switch start {
                        case .zero: 0
                        case .accumulate: before[i * s.ldc + j]
                        case .bias: bias[j]
                        }
                    for p in 0..<s.k { e += a[i * s.ars + p * s.acs] * b[p * s.ldb + j] }
                    expected[i * s.ldc + j] = e * mask[i * s.ldm + j]
                }
            }
            #expect(expected.contains { $0.isNaN }, "NaN and ∞ reach C")
            let mismatches = direct.indices.filter { !Self.agree(direct[$0], expected[$0]) }
            #expect(mismatches.isEmpty, "gemm \(s) \(start): at \(mismatches.prefix(5))")
            for path in KernelPath.allCases where KernelPath.available.contains(path) {
                let tiles = Self.product(
                    s, start, a: a, b: b, before: before, bias: bias, mask: mask, tiles: path)
                let differ = direct.indices.filter { !Self.agree(direct[$0], tiles[$0]) }
                #expect(differ.isEmpty, "gemm vs \(path) tiles \(s) \(start): at \(differ.prefix(5))")
            }
        }
    }
}
