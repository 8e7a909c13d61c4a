import Testing

@testable import Tensors

@Suite struct MatrixProductTests {
    /// The blocked SIMD kernel against the reference i-k-j loops. Both sum
    /// over p in the same order per block of 8 columns, but FMA contraction
    /// differs: tolerance 1e-14·k on inputs in [−1, 1).
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 8, 1), (12, 16, 3), (13, 17, 5), (10, 40, 40), (10, 1, 40), (10, 40, 1),
        (25, 7, 9), (3, 24, 2), (11, 33, 129), (40, 72, 300), (64, 64, 64), (0, 5, 3), (4, 0, 3), (5, 6, 0),
        (130, 100, 140),
    ]

    @Test(arguments: shapes)
    func blockedKernelMatchesTheReference(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        var g = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = (0..<(m * k)).map { _ in g.uniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in g.uniform(-1, 1) }
        var fast = [Double](repeating: .nan, count: m * n)
        var slow = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let ap = pa.baseAddress ?? UnsafePointer(bitPattern: 8)!
                let bp = pb.baseAddress ?? UnsafePointer(bitPattern: 8)!
                fast.withUnsafeMutableBufferPointer {
                    gemm(
                        m: m, n: n, k: k, a: ap, b: bp,
                        c: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                }
                slow.withUnsafeMutableBufferPointer {
                    referenceGemm(
                        m: m, n: n, k: k, a: ap, b: bp,
                        c: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                }
            }
        }
        let worst = zip(fast, slow).reduce(0.0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
        #expect(worst <= 1e-14 * Double(Swift.max(k, 1)), "shape \(m)×\(k)·\(k)×\(n), max error \(worst)")
        #expect(!fast.contains { $0.isNaN }, "every element written")
    }

    /// A·Bᵀ and Aᵀ·B read in place against explicit transposes (same sums,
    /// possibly different blocking: 1e-14·k).
    @Test(arguments: [
        (1, 1, 1), (10, 40, 40), (10, 1, 40), (7, 13, 5), (30, 20, 140), (100, 37, 70), (3, 8, 0),
    ])
    func transposedOperandsMatchExplicitTransposes(m: Int, n: Int, k: Int) throws {
        var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        let a = Tensor.uniform([m, k], low: -1, high: 1, using: &g)
        let b = Tensor.uniform([k, n], low: -1, high: 1, using: &g)
        let expected = try matmul(a, b)
        let tolerance = 1e-14 * Double(Swift.max(k, 1))
        #expect(
            maxDifference(try matmul(a, transposed: b.transposed), expected) <= tolerance,
            "A·Bᵀ \(m)×\(k)×\(n)")
        #expect(
            maxDifference(try matmul(transposed: a.transposed, b), expected) <= tolerance,
            "Aᵀ·B \(m)×\(k)×\(n)")
    }

    @Test func transposedBatchesAndErrors() throws {
        var g = SeededGenerator(seed: 5)
        let x = Tensor.normal([4, 10, 6], using: &g)
        let w = Tensor.normal([6, 9], using: &g)
        let y = Tensor.normal([4, 10, 9], using: &g)
        let viaTranspose = try matmul(y, w.transposed)
        #expect(maxDifference(try matmul(y, transposed: w), viaTranspose) <= 1e-14 * 9)
        let gradient = try matmul(transposed: x, y)  // batch of xᵀ·y: 4×6×9
        #expect(gradient.shape == [4, 6, 9])
        #expect(
            maxDifference(
                try gradient.slice([.index(2)]),
                try matmul(x.slice([.index(2)]).transposed, y.slice([.index(2)]))) <= 1e-13)
        #expect(
            throws: TensorError.shapeMismatch(operation: "matrix product A·Bᵀ", lhs: [2, 3], rhs: [3, 2])
        ) {
            try matmul(Tensor.zeros([2, 3]), transposed: Tensor.zeros([3, 2]))
        }
        #expect(throws: TensorError.shapeMismatch(operation: "matrix product Aᵀ·B", lhs: [3], rhs: [3, 2])) {
            try matmul(transposed: Tensor.zeros([3]), Tensor.zeros([3, 2]))
        }
    }

    @Test func batchedProductMatchesPerItemProducts() throws {
        var g = SeededGenerator(seed: 77)
        let x = Tensor.normal([25, 10, 40], using: &g)
        let w = Tensor.normal([25, 40, 40], using: &g)
        let shared = Tensor.normal([40, 40], using: &g)
        let y = try matmul(x, w)
        let z = try matmul(x, shared)
        #expect(y.shape == [25, 10, 40])
        for t in [0, 13, 24] {
            let xt = try x.slice([.index(t)])
            #expect(try y.slice([.index(t)]) == matmul(xt, w.slice([.index(t)])))
            #expect(try z.slice([.index(t)]) == matmul(xt, shared))
        }
    }

    @Test func specialValuesPropagate() throws {
        let a = Tensor(rows: [[1, .nan], [0, 1]])
        let y = try matmul(a, Tensor.eye(2))
        #expect(y[0, 1].isNaN && y[1, 1] == 1)
        let inf = try matmul(Tensor(rows: [[.infinity, 1]]), Tensor(rows: [[1], [1]]))
        #expect(inf[0, 0] == .infinity)
        #expect(try matmul(Tensor.zeros([3, 0]), Tensor.zeros([0, 2])) == Tensor.zeros([3, 2]))
        #expect(try dot(Tensor([1, 2, 3]), Tensor([4, 5, 6])) == 32)
        #expect(outer(Tensor([1, 2]), Tensor([3, 4, 5])) == Tensor(rows: [[3, 4, 5], [6, 8, 10]]))
    }

    @Test(arguments: [
        ([2, 3], [2, 3], "matrix product"), ([4], [5], "matrix product"),
        ([2, 2, 3], [3, 3, 2], "batched matrix product"),
        ([2, 3, 4], [5, 2], "batched matrix product"),
    ])
    func productShapeErrors(lhs: [Int], rhs: [Int], operation: String) {
        #expect(throws: TensorError.shapeMismatch(operation: operation, lhs: lhs, rhs: rhs)) {
            try matmul(Tensor.zeros(lhs), Tensor.zeros(rhs))
        }
    }
}

/// `matmul` walks A in blocks of rows so that a stop request is seen within a block; the
/// blocks (three of 256 rows here, each over three k-blocks) give exactly the naive sums.
@Suite struct StoppableProductTests {
    @Test func aTallProductInRowBlocksEqualsTheNaiveSums() throws {
        var g = SeededGenerator(seed: 3)
        let a = Tensor.normal([700, 300], using: &g), b = Tensor.normal([300, 50], using: &g)
        let c = try matmul(a, b)
        var worst = 0.0
        for i in 0..<700 {
            for j in 0..<50 {
                var sum = 0.0
                for p in 0..<300 { sum += a.scalars[i * 300 + p] * b.scalars[p * 50 + j] }
                worst = max(worst, abs(c.scalars[i * 50 + j] - sum) / max(1, abs(sum)))
            }
        }
        #expect(worst < 1e-13, "largest relative error \(worst)")
    }
}
