import NeuralNets
import Tensors
import Testing

@Suite struct LayerParametersTests {
    @Test func flattenOrderIsWeightRowMajorThenBiasPerLayer() {
        let layers = [
            LayerParameters(weight: Tensor(rows: [[1, 2]]), bias: Tensor([3, 4])),
            LayerParameters(weight: Tensor(rows: [[5], [6]]), bias: Tensor([7])),
        ]
        #expect(layers.flattened == [1, 2, 3, 4, 5, 6, 7])
        #expect(layers.unflattened([7, 6, 5, 4, 3, 2, 1])[1].weight == Tensor(rows: [[3], [2]]))
        #expect(layers.map(\.parameterCount) == [4, 3])
    }

    @Test(arguments: Activation.allCases)
    func derivativeMatchesCentralDifferences(activation: Activation) {
        for x in [-2.3, -0.7, 0.4, 1.9] {
            let h = 1e-6
            let numeric = (activation(x + h) - activation(x - h)) / (2 * h)
            #expect(abs(numeric - activation.derivative(x)) < 1e-8, "\(activation) at \(x)")
        }
    }
}
