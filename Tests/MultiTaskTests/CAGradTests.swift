import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct CAGradTests {
    static let cases: [[[Double]]] = [
        [[1, 0], [-1, 1]],
        [[1, 0.2, -0.5], [-0.3, 1, 0.4]],
        [[2, 1], [1, 3]],
        [[0.1, 0.0], [-10, 3]],
        [[1, 2, 3], [-2, 0.5, 1], [0.3, -1, 2]],
        [[1, 0, 0, 0.2], [0, 1, 0, -0.1], [0, 0, 1, 0.3], [-0.5, -0.5, 0.1, 1]],
    ]

    /// The dual objective F(w) = g_w·g₀ + c‖g₀‖‖g_w‖.
    static func dual(_ rows: [[Double]], _ w: [Double], c: Double) throws -> Double {
        let g = Tensor(rows: rows)
        let g0 = try combine(g, weights: rows.map { _ in 1 / Double(rows.count) })
        let gw = try combine(g, weights: w)
        return try dot(gw, g0) + c * (try dot(g0, g0)).squareRoot() * (try dot(gw, gw)).squareRoot()
    }

    /// Strong duality: the primal value minᵢ⟨gᵢ, d⟩ equals the dual optimum,
    /// and d sits on the boundary ‖d − g₀‖ = c‖g₀‖ of the trust region.
    @Test(arguments: cases, [0.2, 0.5, 0.9])
    func primalValueEqualsDualValue(rows: [[Double]], c: Double) throws {
        let g = Tensor(rows: rows)
        let w = try cagradWeights(g, c: c)
        let d = try cagrad(g, c: c)
        let g0 = try combine(g, weights: rows.map { _ in 1 / Double(rows.count) })
        let primal = try rows.map { try dot(Tensor($0), d) }.min()!
        let dualValue = try Self.dual(rows, w, c: c)
        #expect(abs(primal - dualValue) < 1e-8 * max(1, abs(dualValue)), "primal \(primal) dual \(dualValue)")
        let offset = try d - g0
        #expect(abs((try dot(offset, offset)).squareRoot() - c * (try dot(g0, g0)).squareRoot()) < 1e-9)
    }

    /// The exact two-task weights beat every point of a fine grid on [0, 1].
    @Test(arguments: cases.filter { $0.count == 2 }, [0.1, 0.5, 2.0])
    func twoTaskClosedFormIsTheDualMinimum(rows: [[Double]], c: Double) throws {
        let w = try cagradWeights(Tensor(rows: rows), c: c)
        let best = try Self.dual(rows, w, c: c)
        for k in 0...2000 {
            let x = Double(k) / 2000
            #expect(try Self.dual(rows, [x, 1 - x], c: c) >= best - 1e-12)
        }
    }

    @Test func zeroRadiusIsTheAverageGradient() throws {
        let g = Tensor(rows: [[1, 0], [-1, 1]])
        #expect(try cagrad(g, c: 0) == Tensor([0, 0.5]))
    }

    @Test func rescalingDividesByOnePlusC() throws {
        let g = Tensor(rows: [[1, 0.2, -0.5], [-0.3, 1, 0.4]])
        let d = try cagrad(g, c: 0.5)
        #expect(
            maxAbsDifference((try cagrad(g, c: 0.5, rescale: .onePlusC)).scalars, (d / 1.5).scalars) < 1e-15)
        #expect(
            maxAbsDifference((try cagrad(g, c: 0.5, rescale: .onePlusCSquared)).scalars, (d / 1.25).scalars)
                < 1e-15)
    }

    @Test func negativeRadiusIsAnError() {
        #expect(throws: TensorError.self) { try cagrad(Tensor(rows: [[1, 0], [0, 1]]), c: -1) }
    }
}
