import NeuralNets
import Tensors
import TestSupport
import Testing

@Suite struct OptimizersTests {
    @Test func sgdWithMomentumFollowsItsFormula() throws {
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        var p = [Tensor([1, 2])]
        try sgd.update(&p, gradients: [Tensor([1, -1])])  // v = g; θ = θ − 0.1 g
        #expect(relativeError(p[0], Tensor([0.9, 2.1])) < 1e-15)
        try sgd.update(&p, gradients: [Tensor([1, -1])])  // v = 0.9 + 1 = 1.9
        #expect(relativeError(p[0], Tensor([0.71, 2.29])) < 1e-15)
        var plain = SGD(learningRate: 0.5)
        var q = [Tensor(3)]
        try plain.update(&q, gradients: [Tensor(2)])
        #expect(q[0] == Tensor(2))
    }

    @Test func adamsFirstStepMovesByTheLearningRateAfterBiasCorrection() throws {
        var adam = Adam(learningRate: 0.01)
        var p = [Tensor([1, 1, 1])]
        try adam.update(&p, gradients: [Tensor([1e-3, -5, 40])])
        // m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g).
        #expect(relativeError(p[0], Tensor([0.99, 1.01, 0.99])) < 1e-6)
        #expect(adam.step == 1)
        try adam.update(&p, gradients: [Tensor([1e-3, -5, 40])])
        #expect(relativeError(p[0], Tensor([0.98, 1.02, 0.98])) < 1e-6)
    }

    @Test func bothOptimizersMinimiseAQuadratic() throws {
        // f(θ) = Σ (θ − c)², ∇ = 2(θ − c).
        let c = Tensor([3, -1])
        var sgd = SGD(learningRate: 0.1, momentum: 0.5)
        var adam = Adam(learningRate: 0.1)
        var a = [Tensor.zeros([2])]
        var b = [Tensor.zeros([2])]
        for _ in 0..<500 {
            try sgd.update(&a, gradients: [2 * (a[0] - c)])
            try adam.update(&b, gradients: [2 * (b[0] - c)])
        }
        #expect(relativeError(a[0], c) < 1e-9)
        #expect(relativeError(b[0], c) < 1e-3)
    }
}
