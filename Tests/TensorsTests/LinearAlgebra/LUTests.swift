import Testing

@testable import Tensors

@Suite struct LUTests {
    /// Tolerances: residuals are relative to ‖A‖·‖x‖ with 1e-12 — backward
    /// stability gives O(n·ε) ≈ 1e-14 for these sizes; 100× slack.
    @Test(arguments: [(1, 1), (2, 2), (5, 3), (8, 4), (30, 5)])
    func solveResidualsAreSmall(n: Int, seed: Int) throws {
        let a = randomMatrix(n, n, seed: UInt64(seed))
        let b = randomMatrix(n, 3, seed: UInt64(seed + 100))
        let x = try solve(a, b)
        let residual = try matmul(a, x) - b
        let scale = a.norm(.infinity) * x.norm(.infinity) * Double(n)
        #expect(residual.norm(.infinity) <= 1e-12 * scale, "seed \(seed) n \(n)")
        let xv = try solve(a, b.slice([.all, .index(0)]))
        #expect(xv.shape == [n])
        #expect(try maxDifference(xv, x.slice([.all, .index(0)])) <= 1e-13 * x.norm(.infinity))
    }

    @Test func factorsReconstructThePermutedMatrix() throws {
        let a = randomMatrix(6, 6, seed: 41)
        let lu = try LUDecomposition(a)
        let pa = try a.gathered(lu.pivots, alongAxis: 0)
        #expect(maxDifference(try matmul(lu.lower, lu.upper), pa) <= 1e-14 * 6 * a.norm(.infinity), "seed 41")
        #expect(lu.lower.scalars.allSatisfy { Swift.abs($0) <= 1 })
    }

    @Test func inverseRoundTrips() throws {
        for (n, seed) in [(1, 1), (4, 2), (10, 3)] {
            let a = randomMatrix(n, n, seed: UInt64(seed))
            let inv = try inverse(a)
            // ‖A·A⁻¹ − I‖ ≤ κ-scaled tolerance; these seeds have κ < 1e3.
            #expect(maxDifference(try matmul(a, inv), Tensor.eye(n)) <= 1e-11, "seed \(seed)")
            #expect(maxDifference(try inverse(inv), a) <= 1e-10, "seed \(seed)")
        }
    }

    @Test func determinantsAndLogDeterminants() throws {
        #expect(try determinant(Tensor(rows: [[1, 2], [3, 4]])) == -2)
        #expect(try determinant(Tensor(rows: [[0, 1], [1, 0]])) == -1)
        #expect(try determinant(Tensor(rows: [[1, 2], [2, 4]])) == 0)
        #expect(try determinant(Tensor.zeros([0, 0])) == 1)
        let d = Tensor(rows: [[2, 0, 0], [0, -3, 0], [0, 0, 0.5]])
        #expect(try determinant(d) == -3)
        let (sign, logAbs) = try logAbsDeterminant(d)
        #expect(sign == -1 && Swift.abs(logAbs - Double.log(3.0)) <= 1e-15)
        // 300×300 of 20·I: det = 20³⁰⁰ ≈ 2e390 overflows, log|det| does not.
        let big = Tensor.eye(300) * 20
        #expect(try determinant(big) == .infinity)
        let slog = try logAbsDeterminant(big)
        #expect(slog.sign == 1 && Swift.abs(slog.logAbs - 300 * Double.log(20.0)) <= 1e-14 * slog.logAbs)
        let singular = try logAbsDeterminant(Tensor(rows: [[1, 2], [2, 4]]))
        #expect(singular.sign == 0 && singular.logAbs == -.infinity)
        // det(A)·det(A⁻¹) = 1 on a random matrix.
        let a = randomMatrix(5, 5, seed: 17)
        #expect(Swift.abs(try determinant(a) * determinant(inverse(a)) - 1) <= 1e-12, "seed 17")
    }

    @Test(arguments: [
        (Tensor(rows: [[1, 2], [2, 4]]), TensorError.singular(operation: "solve")),
        (Tensor.zeros([3, 3]), .singular(operation: "solve")),
        (Tensor(rows: [[1e-20, 0], [0, 1]]), .singular(operation: "solve")),
        (Tensor.zeros([2, 3]), .invalidShape(operation: "lu", shape: [2, 3], expected: "a square matrix")),
        (Tensor([1, 2]), .invalidShape(operation: "lu", shape: [2], expected: "a matrix")),
        (
            Tensor(rows: [[1, .nan], [0, 1]]),
            .domain(operation: "lu", reason: "the matrix has a NaN or infinite element")
        ),
        (
            Tensor(rows: [[1, 0], [.infinity, 1]]),
            .domain(operation: "lu", reason: "the matrix has a NaN or infinite element")
        ),
    ])
    func solveErrors(a: Tensor, error: TensorError) {
        #expect(throws: error) { try solve(a, Tensor.ones([a.shape.first ?? 0])) }
    }

    @Test func rightHandSideErrors() {
        let a = Tensor.eye(2)
        #expect(throws: TensorError.shapeMismatch(operation: "solve", lhs: [2, 2], rhs: [3])) {
            try solve(a, Tensor.ones([3]))
        }
        #expect(
            throws: TensorError.domain(
                operation: "solve", reason: "the right-hand side has a NaN or infinite element")
        ) {
            try solve(a, Tensor([1, .nan]))
        }
        #expect(throws: TensorError.singular(operation: "inverse")) {
            try inverse(Tensor(rows: [[1, 1], [1, 1]]))
        }
    }
}
