import Testing

@testable import Tensors

/// The raw-buffer products of BufferProducts.swift that do not depend on the kernel path.
@Suite struct BufferProductsTests {
    /// `gram` against its definition, scale·(Σₚ aᵢₚ bⱼₚ + shift), on shapes that hit its
    /// 2 × 5 blocks, the leftover columns and row, and a k with and without a 4-lane tail
    /// (k = 1: the first layer of the 1→40→40→1 MLP). Inputs in [−1, 1): tolerance 1e-14·(k + 1)
    /// times the scale (the lanes add in another order than the loop).
    @Test(arguments: [(10, 10, 40), (10, 10, 1), (7, 13, 9), (1, 6, 3), (4, 5, 8), (3, 11, 5), (2, 4, 7)])
    func gramMatchesItsDefinition(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(m * k)).map { _ in g.uniform(-1, 1) }
        let b = (0..<(n * k)).map { _ in g.uniform(-1, 1) }
        let (scale, shift) = (-0.25, 1.5)
        var c = [Double](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer {
                    gram(
                        m: m, n: n, k: k, a: pa.baseAddress!, b: pb.baseAddress!, c: $0.baseAddress!,
                        scale: scale, shift: shift)
                }
            }
        }
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var s = shift
                for p in 0..<k { s += a[i * k + p] * b[j * k + p] }
                worst = Swift.max(worst, Swift.abs(c[i * n + j] - scale * s))
            }
        }
        #expect(!c.contains { $0.isNaN }, "\(m)×\(n), k = \(k): every element written")
        #expect(worst <= 1e-14 * Double(k + 1) * Swift.abs(scale), "\(m)×\(n), k = \(k): max error \(worst)")
    }

    /// The direct paths of the raw-buffer `gemm`: one output column read through Aᵀ (y = Aᵀx,
    /// `transposedMatrixVector`: blocks of 40 and 8 rows and single ones), k = 1 (an outer
    /// product, `outerProduct`: 40- and 8-column blocks and the scalar tail) and one row (x·B,
    /// `vectorMatrix`: the same blocks), each start against the definition. One FMA per term, in
    /// order, as the loop below: tolerance 1e-14·(k + 1).
    @Test(arguments: [
        (40, 1, 10), (53, 1, 3), (7, 1, 1), (10, 40, 1), (3, 11, 1), (1, 5, 1), (2, 93, 1), (1, 40, 10),
        (1, 93, 30), (1, 3, 7),
    ])
    func directProductsMatchTheirDefinition(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(k * m)).map { _ in g.uniform(-1, 1) }  // stored k×m, read as m×k transposed
        let b = (0..<(k * n)).map { _ in g.uniform(-1, 1) }
        let bias = (0..<n).map { _ in g.uniform(-1, 1) }
        let before = (0..<(m * n)).map { _ in g.uniform(-1, 1) }
        // Aᵀx takes zero or accumulate (a bias goes the general way); k = 1 takes all three.
        let modes = n == 1 && k > 1 ? ["zero", "accumulate"] : ["zero", "accumulate", "bias"]
        for mode in modes {
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
                                ldb: n, c: $0.baseAddress!, ldc: n, initial: start)
                        }
                    }
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var s = mode == "zero" ? 0 : mode == "accumulate" ? before[i * n + j] : bias[j]
                    for p in 0..<k { s += a[p * m + i] * b[p * n + j] }
                    worst = Swift.max(worst, Swift.abs(c[i * n + j] - s))
                }
            }
            #expect(worst <= 1e-14 * Double(k + 1), "\(mode) \(m)×\(k)·\(k)×\(n): max error \(worst)")
        }
    }
}
