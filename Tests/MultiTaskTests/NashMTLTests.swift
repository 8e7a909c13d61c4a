import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct NashMTLTests {
    /// Every task gets ⟨gᵢ, d⟩ = 1/αᵢ: the bargaining condition (GGᵀ)α = 1/α.
    @Test(arguments: [
        [[1.0, 0], [0, 2]],
        [[1.0, 0.5, -0.2], [-0.4, 2, 0.1], [0.3, 0.3, 1.5]],
        [[1.0, 0.2], [-0.5, 1]],
        [[3.0, 1, 0, 0], [0, 1, 0.5, 0], [0.2, 0, 1, 2], [1, -1, 1, -1]],
    ])
    func bargainingConditionHolds(rows: [[Double]]) throws {
        let g = Tensor(rows: rows)
        let alpha = try nashMTLWeights(g)
        #expect(alpha.allSatisfy { $0 > 0 })
        let d = try combine(g, weights: alpha)
        for (i, row) in rows.enumerated() {
            #expect(abs(try dot(Tensor(row), d) * alpha[i] - 1) < 1e-10, "task \(i)")
        }
    }

    @Test func orthogonalGradientsGiveInverseNorms() throws {
        // gᵢ orthogonal: αᵢ²‖gᵢ‖² = 1, so αᵢ = 1/‖gᵢ‖ (each task's own normalised step).
        let alpha = try nashMTLWeights(Tensor(rows: [[1, 0], [0, 2]]))
        #expect(maxAbsDifference(alpha, [1, 0.5]) < 1e-12)
    }

    @Test func paretoStationaryGradientsHaveNoSolution() {
        #expect(throws: TensorError.self) { try nashMTLWeights(Tensor(rows: [[1, 0], [-1, 0]])) }
    }

    /// Seeded Lab gradients (`seed(319)`, norms 0.1 and 2.8) on which the old
    /// solver's line search on φ stalled in rounding noise just short of its
    /// tolerance: full Newton steps near the answer finish it.
    @Test func convergesWhereTheLineSearchStalled() throws {
        let g = Tensor(rows: [
            [
                0.023213764252234214, 0.011174795461404355, 0.05005708874588761, -0.02833902553103275,
                0.0027027966184436235, -0.012852740137689205, 0.0636409743212103, -0.007788416716386664,
            ],
            [
                2.1265720605881593, -0.6418056723811095, 0.4492510976486511, -0.15471485732895365,
                -1.2856101392360826, 0.1361366893504103, 0.2251284400308244, -0.9139510082773569,
            ],
        ])
        let solution = try nashMTLSolve(g)
        #expect(solution.converged)
        #expect(solution.residual < 1e-13)
        #expect(try nashMTLWeights(g) == solution.weights)
    }

    /// Gradient norms spread over ten orders of magnitude (seeded): the
    /// condition holds to rounding, not just to a tolerance.
    @Test func wideScalesReachRounding() throws {
        var generator = SeededGenerator(seed: 7)
        for trial in 0..<200 {
            let t = 2 + trial % 5
            let rows = (0..<t).map { _ in
                let scale = Double.exp(4 * generator.normal())
                return (0..<8).map { _ in scale * generator.normal() }
            }
            let alpha = try nashMTLWeights(Tensor(rows: rows))
            let d = try combine(Tensor(rows: rows), weights: alpha)
            for (i, row) in rows.enumerated() {
                #expect(
                    abs(try dot(Tensor(row), d) * alpha[i] - 1) < 1e-12, "trial \(trial) (seed 7), task \(i)")
            }
        }
    }

    /// Without a solution the solver reports it and offers its best iterate,
    /// positive and finite (what training falls back to on its first step).
    @Test(arguments: [[[1.0, 0], [-1, 0]], [[1.0, 0], [0, 0]], [[1.0, 2], [-2, -4.0]]])
    func noSolutionIsReportedWithTheBestIterate(rows: [[Double]]) throws {
        let solution = try nashMTLSolve(Tensor(rows: rows))
        #expect(!solution.converged)
        #expect(solution.residual > 1e-6)
        #expect(solution.weights.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(throws: TensorError.noConvergence(operation: "nash_mtl")) {
            try nashMTLWeights(Tensor(rows: rows))
        }
    }
}
