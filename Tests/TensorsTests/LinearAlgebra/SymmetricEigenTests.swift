import Testing

@testable import Tensors

@Suite struct SymmetricEigenTests {
    /// V·diag(λ)·Vᵀ = A and VᵀV = I to 1e-13 relative; λ ascending.
    @Test(arguments: [(1, 1), (2, 2), (4, 3), (9, 4), (20, 5)])
    func reconstructsWithOrthonormalVectors(n: Int, seed: Int) throws {
        let x = randomMatrix(n, n, seed: UInt64(seed))
        let a = try (x + x.transposed) * 0.5
        let e = try SymmetricEigendecomposition(a)
        let lambda = e.eigenvalues.scalars
        #expect(zip(lambda, lambda.dropFirst()).allSatisfy { $0 <= $1 })
        let v = e.eigenvectors
        let scaled = try v * e.eigenvalues  // column j times λⱼ
        #expect(
            maxDifference(try matmul(scaled, v.transposed), a) <= 1e-13 * Double(n)
                * Swift.max(1, a.norm(.infinity)), "seed \(seed)")
        #expect(
            maxDifference(try matmul(v.transposed, v), Tensor.eye(n)) <= 1e-13 * Double(n), "seed \(seed)")
        // Trace is the sum of eigenvalues.
        let trace = (0..<n).reduce(0.0) { $0 + a[$1, $1] }
        #expect(Swift.abs(trace - lambda.reduce(0, +)) <= 1e-12 * Double(n))
    }

    @Test func knownSpectrumAndRepeatedEigenvalues() throws {
        let e = try SymmetricEigendecomposition(Tensor(rows: [[2, 1], [1, 2]]))
        #expect(maxDifference(e.eigenvalues, Tensor([1, 3])) <= 1e-15 * 4)
        let identity = try SymmetricEigendecomposition(Tensor.eye(3) * 5)
        #expect(identity.eigenvalues == Tensor([5, 5, 5]))
        #expect(try SymmetricEigendecomposition(Tensor.zeros([0, 0])).eigenvalues.shape == [0])
    }

    @Test func errors() {
        #expect(
            throws: TensorError.domain(
                operation: "eigen", reason: "the matrix is not symmetric (entries 2,1)")
        ) {
            try SymmetricEigendecomposition(Tensor(rows: [[1, 2], [3, 4]]))
        }
        #expect(throws: TensorError.invalidShape(operation: "eigen", shape: [3], expected: "a matrix")) {
            try SymmetricEigendecomposition(Tensor([1, 2, 3]))
        }
    }
}
