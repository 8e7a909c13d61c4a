import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct MGDATests {
    @Test func orthogonalUnitGradientsGiveOneHalf() throws {
        #expect(try mgdaWeights(Tensor(rows: [[1, 0], [0, 1]])) == [0.5, 0.5])
    }

    @Test func aDominatedGradientTakesAllTheWeight() throws {
        // u·v ≥ u·u: the min-norm point is u itself.
        #expect(try mgdaWeights(Tensor(rows: [[1, 0], [2, 1]])) == [1, 0])
        #expect(try mgdaWeights(Tensor(rows: [[2, 1], [1, 0]])) == [0, 1])
    }

    @Test func sharedParameterWeightsMatchGolden() throws {
        let golden = try goldenFile("mtl_mgda")
        let g = Tensor(rows: [golden.vector("inputs/g1_flat"), golden.vector("inputs/g2_flat")])
        let w = try mgdaWeights(g)
        #expect(abs(w[0] - golden.number("outputs/mgda/gamma")) < 1e-12)
        #expect(maxAbsDifference(w, golden.vector("outputs/mgda/weights")) < 1e-12)
        let combined = try combine(g, weights: w)
        #expect(
            maxAbsDifference(combined.scalars, golden.vector("outputs/mgda/combined_shared_grad")) < 1e-12)
        #expect(abs(try dot(combined, combined) - golden.number("outputs/mgda/min_norm_squared")) < 1e-12)
    }

    @Test func upperBoundWeightsFromRepresentationGradientsMatchGolden() throws {
        let golden = try goldenFile("mtl_mgda")
        let z = Tensor(rows: [golden.vector("inputs/gZ1_flat"), golden.vector("inputs/gZ2_flat")])
        let w = try mgdaUBWeights(representationGradients: z)
        #expect(abs(w[0] - golden.number("outputs/mgda_ub/gamma")) < 1e-12)
        let zCombined = try combine(z, weights: w)
        #expect(
            abs(try dot(zCombined, zCombined) - golden.number("outputs/mgda_ub/min_norm_squared_in_Z_space"))
                < 1e-12)
        let g = Tensor(rows: [golden.vector("inputs/g1_flat"), golden.vector("inputs/g2_flat")])
        let combined = try combine(g, weights: w)
        #expect(
            maxAbsDifference(combined.scalars, golden.vector("outputs/mgda_ub/combined_shared_grad")) < 1e-12)
    }

    @Test func upperBoundInputsAreTheNetworksRepresentationGradients() throws {
        let golden = try goldenFile("mtl_mgda")
        let net = TwoTaskNetwork(golden: golden)
        #expect(
            maxAbsDifference(net.gradients(task: 0).z.flatMap { $0 }, golden.vector("inputs/gZ1_flat"))
                < 1e-12)
        #expect(
            maxAbsDifference(net.gradients(task: 1).z.flatMap { $0 }, golden.vector("inputs/gZ2_flat"))
                < 1e-12)
    }

    /// Three and more tasks: the min-norm point satisfies the optimality
    /// conditions (Mα)ᵢ = αᵀMα on the support and ≥ off it.
    @Test(arguments: [
        [[1.0, 0, 0], [0, 1, 0], [0, 0, 1]],
        [[1.0, 2], [-1, 1], [0.5, -2]],
        [[1.0, 0.2, 0.3, -0.1], [0.3, 1.1, -0.4, 0.2], [0.9, 0.5, 0.1, 0.0], [2, 2, 2, 2]],
        [[3.0, 1], [2, 2], [1, 3]],
    ])
    func frankWolfeMeetsTheOptimalityConditions(rows: [[Double]]) throws {
        let g = Tensor(rows: rows)
        let w = try mgdaWeights(g)
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
        #expect(w.allSatisfy { $0 >= 0 })
        let d = try combine(g, weights: w)
        let minNorm = try dot(d, d)
        for (i, row) in rows.enumerated() {
            let slope = try dot(Tensor(row), d)
            #expect(slope >= minNorm - 1e-10, "task \(i)")
            if w[i] > 1e-9 { #expect(abs(slope - minNorm) < 1e-10, "task \(i) on the support") }
        }
    }

    @Test func orthonormalGradientsShareTheWeightEqually() throws {
        let w = try mgdaWeights(Tensor.eye(3))
        #expect(maxAbsDifference(w, [1.0 / 3, 1.0 / 3, 1.0 / 3]) < 1e-12)
    }
}
