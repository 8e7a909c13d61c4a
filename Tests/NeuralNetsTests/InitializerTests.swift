import NeuralNets
import Tensors
import Testing

@Suite struct InitializerTests {
    @Test func uniformFanInStaysWithinOneOverRootFanIn() {
        var rng = SeededGenerator(seed: 11)
        let layer = Initializer.uniformFanIn.layer(inputSize: 40, outputSize: 30, using: &rng)
        let bound = 1 / Double(40).squareRoot()
        let all = layer.weight.scalars + layer.bias.scalars
        #expect(all.allSatisfy { abs($0) <= bound })
        #expect(all.max()! > 0.9 * bound && all.min()! < -0.9 * bound)  // fills the interval
        #expect(layer.weight.shape == [40, 30] && layer.bias.shape == [30])
    }

    @Test func truncatedNormalHasSigmaPointZeroOneWithinTwoSigmaAndZeroBias() {
        var rng = SeededGenerator(seed: 12)
        let layer = Initializer.mamlTruncatedNormal.layer(inputSize: 100, outputSize: 100, using: &rng)
        let w = layer.weight.scalars
        #expect(w.allSatisfy { abs($0) <= 0.02 })
        let mean = w.reduce(0, +) / Double(w.count)
        let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
        // A standard normal truncated at ±2 has standard deviation 0.8796.
        #expect(abs(mean) < 3e-4)
        #expect(abs(sd - 0.008796) < 3e-4)
        #expect(layer.bias == .zeros([100]))
    }

    /// Lab's `init = "xavier"`: W in ±√(6/(in+out)) filling the interval, b = 0.
    @Test func glorotUniformStaysWithinItsBoundWithZeroBias() {
        var rng = SeededGenerator(seed: 15)
        let layer = Initializer.glorotUniform.layer(inputSize: 40, outputSize: 20, using: &rng)
        let bound = (6.0 / 60).squareRoot()
        #expect(layer.weight.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.weight.scalars.max()! > 0.9 * bound && layer.weight.scalars.min()! < -0.9 * bound)
        #expect(layer.bias == .zeros([20]))
    }

    /// Lab's `init = "normal"`: W from N(0, 1/in), so its standard deviation is 1/√in; b = 0.
    @Test func normalFanInHasStandardDeviationOneOverRootFanIn() {
        var rng = SeededGenerator(seed: 16)
        let layer = Initializer.normalFanIn.layer(inputSize: 100, outputSize: 100, using: &rng)
        let w = layer.weight.scalars
        let mean = w.reduce(0, +) / Double(w.count)
        let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
        // 10,000 draws: the sample standard deviation is within ~1% of 0.1 (3 standard errors ≈ 2%).
        #expect(abs(mean) < 3e-3)
        #expect(abs(sd - 0.1) < 2e-3)
        #expect(layer.bias == .zeros([100]))
    }

    @Test func zerosAndDeterminism() {
        var rng = SeededGenerator(seed: 13)
        #expect(
            Initializer.zeros.layer(inputSize: 2, outputSize: 3, using: &rng)
                == LayerParameters(weight: .zeros([2, 3]), bias: .zeros([3])))
        var a = SeededGenerator(seed: 14)
        var b = SeededGenerator(seed: 14)
        #expect(MLP(sizes: [1, 5, 1], using: &a).parameters == MLP(sizes: [1, 5, 1], using: &b).parameters)
    }
}
