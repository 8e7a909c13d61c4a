import Testing

@testable import Tensors

@Suite struct SVDTests {
    /// A = U·Σ·Vᵀ to 1e-13·‖A‖, UᵀU = VᵀV = I to 1e-13, σ descending and ≥ 0.
    @Test(arguments: propertyShapes)
    func reconstructsWithOrthonormalFactors(shape: (m: Int, n: Int, seed: UInt64)) throws {
        let a = randomMatrix(shape.m, shape.n, seed: shape.seed)
        let svd = try SingularValueDecomposition(a)
        let k = Swift.min(shape.m, shape.n)
        let sigma = svd.singularValues.scalars
        #expect(svd.u.shape == [shape.m, k] && svd.v.shape == [shape.n, k] && sigma.count == k)
        #expect(zip(sigma, sigma.dropFirst()).allSatisfy { $0 >= $1 } && sigma.allSatisfy { $0 >= 0 })
        let us = try svd.u * svd.singularValues
        let tolerance = 1e-13 * Double(Swift.max(shape.m, shape.n)) * Swift.max(1, a.norm(.infinity))
        #expect(maxDifference(try matmul(us, svd.v.transposed), a) <= tolerance, "seed \(shape.seed)")
        #expect(
            maxDifference(try matmul(svd.u.transposed, svd.u), Tensor.eye(k)) <= 1e-13 * Double(shape.m),
            "seed \(shape.seed)")
        #expect(
            maxDifference(try matmul(svd.v.transposed, svd.v), Tensor.eye(k)) <= 1e-13 * Double(shape.n),
            "seed \(shape.seed)")
        // The 2-norm is σ₁, and σ² are the eigenvalues of AᵀA or AAᵀ.
        #expect(try operatorNorm(a, .two) == sigma[0])
        let gram = shape.m >= shape.n ? try matmul(a.transposed, a) : try matmul(a, a.transposed)
        let lambda = try SymmetricEigendecomposition(gram).eigenvalues.scalars.reversed()
        for (s, l) in zip(sigma, lambda) {
            #expect(Swift.abs(s * s - l) <= 1e-12 * sigma[0] * sigma[0], "seed \(shape.seed)")
        }
    }

    @Test func rankDeficientMatricesKeepOrthonormalU() throws {
        let a = Tensor(rows: [[1, 2, 3], [2, 4, 6], [1, 1, 1], [0, 0, 0]])
        let svd = try SingularValueDecomposition(a)
        #expect(try matrixRank(a) == 2)
        #expect(svd.singularValues[2] <= 1e-14 * svd.singularValues[0])
        #expect(maxDifference(try matmul(svd.u.transposed, svd.u), Tensor.eye(3)) <= 1e-14 * 4)
        let zero = try SingularValueDecomposition(Tensor.zeros([3, 2]))
        #expect(zero.singularValues == Tensor([0, 0]))
        #expect(maxDifference(try matmul(zero.u.transposed, zero.u), Tensor.eye(2)) <= 1e-15)
        #expect(try matrixRank(Tensor.zeros([2, 2])) == 0)
        #expect(try matrixRank(randomMatrix(5, 3, seed: 3)) == 3)
        #expect(try matrixRank(Tensor(rows: [[1, 0], [0, 1e-3]]), tolerance: 1e-2) == 1)
    }

    @Test func pseudoInverseSatisfiesThePenroseConditions() throws {
        for (a, label) in [
            (randomMatrix(6, 3, seed: 61), "tall"), (randomMatrix(3, 6, seed: 62), "wide"),
            (Tensor(rows: [[1, 2], [2, 4], [0, 0]]), "rank 1"),
        ] {
            let p = try pseudoInverse(a)
            #expect(p.shape == [a.shape[1], a.shape[0]])
            let apa = try matmul(matmul(a, p), a)
            let pap = try matmul(matmul(p, a), p)
            #expect(maxDifference(apa, a) <= 1e-13 * 10, "\(label)")
            #expect(maxDifference(pap, p) <= 1e-13 * 10 * Swift.max(1, p.norm(.infinity)), "\(label)")
            let ap = try matmul(a, p)
            #expect(maxDifference(ap, ap.transposed) <= 1e-13 * 10, "\(label)")
        }
        // For a square invertible matrix A⁺ = A⁻¹.
        let a = randomMatrix(4, 4, seed: 63)
        #expect(maxDifference(try pseudoInverse(a), try inverse(a)) <= 1e-11, "seed 63")
    }

    @Test func matrixNorms() throws {
        let a = Tensor(rows: [[1, -2], [3, 4]])
        #expect(try operatorNorm(a, .one) == 6)
        #expect(try operatorNorm(a, .infinity) == 7)
        #expect(try operatorNorm(a, .frobenius) == 30.0.squareRoot())
        #expect(try operatorNorm(Tensor.zeros([0, 3]), .two) == 0)
        #expect(try conditionNumber(Tensor.eye(3) * 2) == 1)
        #expect(try conditionNumber(Tensor(rows: [[1, 1], [1, 1]])) > 1e15)
        #expect(
            throws: TensorError.domain(operation: "svd", reason: "the matrix has a NaN or infinite element")
        ) {
            try singularValues(Tensor(rows: [[1, .infinity]]))
        }
    }
}
