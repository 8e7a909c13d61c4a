import Testing

@testable import Tensors

@Suite struct CholeskyTests {
    @Test(arguments: [(1, 1), (3, 2), (10, 3), (25, 4)])
    func reconstructsAndSolves(n: Int, seed: Int) throws {
        let a = randomSPD(n, seed: UInt64(seed))
        let chol = try CholeskyDecomposition(a)
        let l = chol.lower
        for i in 0..<n {
            #expect(l[i, i] > 0)
            for j in (i + 1)..<n { #expect(l[i, j] == 0) }
        }
        // L·Lᵀ = A to 1e-13 relative (backward stable).
        #expect(maxDifference(try matmul(l, l.transposed), a) <= 1e-13 * a.norm(.infinity), "seed \(seed)")
        let b = randomMatrix(n, 2, seed: UInt64(seed + 50))
        let x = try chol.solve(b)
        #expect(maxDifference(x, try solve(a, b)) <= 1e-12 * Swift.max(1, x.norm(.infinity)), "seed \(seed)")
        let logDet = try logAbsDeterminant(a)
        #expect(
            Swift.abs(chol.logDeterminant - logDet.logAbs) <= 1e-12 * Swift.max(1, Swift.abs(logDet.logAbs)))
    }

    @Test(arguments: [
        (Tensor(rows: [[1, 2], [2, 1]]), TensorError.notPositiveDefinite(operation: "cholesky")),
        (Tensor(rows: [[0, 0], [0, 1]]), .notPositiveDefinite(operation: "cholesky")),
        (Tensor(rows: [[-1]]), .notPositiveDefinite(operation: "cholesky")),
        (
            Tensor(rows: [[2, 1], [0, 2]]),
            .domain(operation: "cholesky", reason: "the matrix is not symmetric (entries 2,1)")
        ),
        (
            Tensor.ones([2, 3]),
            .invalidShape(operation: "cholesky", shape: [2, 3], expected: "a square matrix")
        ),
        (
            Tensor(rows: [[.nan]]),
            .domain(operation: "cholesky", reason: "the matrix has a NaN or infinite element")
        ),
    ])
    func errors(a: Tensor, error: TensorError) {
        #expect(throws: error) { try cholesky(a) }
    }
}
