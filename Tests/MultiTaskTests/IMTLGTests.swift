import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct IMTLGTests {
    /// The combined gradient has equal projections onto every unit task gradient.
    @Test(arguments: [
        [[1.0, 0], [0, 3]],
        [[1.0, 0.5, -0.2], [-0.4, 2, 0.1], [0.3, 0.3, 1.5]],
        [[3.0, 1, 0, 0], [0, 1, 0.5, 0], [0.2, 0, 1, 2], [1, -1, 1, -1]],
    ])
    func projectionsOntoUnitGradientsAreEqual(rows: [[Double]]) throws {
        let g = Tensor(rows: rows)
        let alpha = try imtlGWeights(g)
        #expect(abs(alpha.reduce(0, +) - 1) < 1e-12)
        let d = try combine(g, weights: alpha)
        let projections = try rows.map { row in
            try dot(d, Tensor(row)) / (try dot(Tensor(row), Tensor(row))).squareRoot()
        }
        for p in projections { #expect(abs(p - projections[0]) < 1e-10) }
    }

    @Test func orthogonalGradientsGiveTheClosedForm() throws {
        // g₁ = (1, 0), g₂ = (0, 3): equal projections need α₁ = 3α₂, so α = (3/4, 1/4).
        let alpha = try imtlGWeights(Tensor(rows: [[1, 0], [0, 3]]))
        #expect(maxAbsDifference(alpha, [0.75, 0.25]) < 1e-14)
    }

    @Test func zeroOrParallelGradientsAreErrors() {
        #expect(throws: TensorError.self) { try imtlGWeights(Tensor(rows: [[0, 0], [1, 1]])) }
        #expect(throws: TensorError.self) { try imtlGWeights(Tensor(rows: [[1, 1], [2, 2]])) }
    }
}
