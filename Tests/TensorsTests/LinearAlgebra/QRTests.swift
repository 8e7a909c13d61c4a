import Testing

@testable import Tensors

@Suite struct QRTests {
    /// A = QR to 1e-13·‖A‖ and QᵀQ = I to 1e-14 (Householder is backward stable: O(m·n·ε)).
    @Test(arguments: propertyShapes)
    func reconstructsWithOrthonormalQ(shape: (m: Int, n: Int, seed: UInt64)) throws {
        let a = randomMatrix(shape.m, shape.n, seed: shape.seed)
        let qr = try QRDecomposition(a)
        let k = Swift.min(shape.m, shape.n)
        #expect(qr.q.shape == [shape.m, k] && qr.r.shape == [k, shape.n])
        #expect(
            maxDifference(try matmul(qr.q, qr.r), a) <= 1e-13 * Swift.max(1, a.norm(.infinity)),
            "seed \(shape.seed)")
        #expect(
            maxDifference(try matmul(qr.q.transposed, qr.q), Tensor.eye(k)) <= 1e-14 * Double(shape.m),
            "seed \(shape.seed)")
        for i in 0..<k { for j in 0..<i { #expect(qr.r[i, j] == 0) } }
    }

    @Test func rankDeficientAndZeroColumnsStillFactor() throws {
        let a = Tensor(rows: [[1, 0, 2], [2, 0, 4], [3, 0, 6]])
        let qr = try QRDecomposition(a)
        #expect(maxDifference(try matmul(qr.q, qr.r), a) <= 1e-14 * 10)
        #expect(try QRDecomposition(Tensor.zeros([0, 3])).r.shape == [0, 3])
    }

    @Test func leastSquaresMatchesTheNormalEquations() throws {
        let a = randomMatrix(30, 4, seed: 51)
        let b = randomMatrix(30, 2, seed: 52)
        let x = try leastSquares(a, b)
        // Normal equations: Aᵀ(Ax − b) = 0, relative to ‖A‖²‖x‖.
        let gradient = try matmul(a.transposed, try matmul(a, x) - b)
        #expect(gradient.norm(.infinity) <= 1e-12 * a.norm() * a.norm(), "seed 51")
        // An exactly consistent system is solved exactly.
        let truth = Tensor([1, -2, 3, 0.5])
        let y = try leastSquares(a, try matmul(a, truth))
        #expect(maxDifference(y, truth) <= 1e-13, "seed 51")
    }

    @Test func leastSquaresErrors() {
        #expect(
            throws: TensorError.invalidShape(
                operation: "least squares", shape: [2, 3], expected: "at least as many rows as columns")
        ) {
            try leastSquares(Tensor.zeros([2, 3]), Tensor.ones([2]))
        }
        #expect(throws: TensorError.singular(operation: "least squares")) {
            try leastSquares(Tensor(rows: [[1, 2], [2, 4], [3, 6]]), Tensor.ones([3]))
        }
        #expect(throws: TensorError.shapeMismatch(operation: "least squares", lhs: [3, 2], rhs: [2])) {
            try leastSquares(Tensor.ones([3, 2]), Tensor.ones([2]))
        }
    }
}
