import MultiTask
import Tensors
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
}
