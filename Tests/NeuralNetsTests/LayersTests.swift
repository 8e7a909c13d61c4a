import Autodiff
import NeuralNets
import Tensors
import Testing

@Suite struct LayersTests {
    @Test func mlpForwardIsHTimesWPlusBWithActivationBetweenLayers() throws {
        var rng = SeededGenerator(seed: 3)
        let mlp = MLP(sizes: [2, 3, 1], activation: .tanh, using: &rng)
        #expect(mlp.sizes == [2, 3, 1])
        #expect(mlp.parameterCount == 2 * 3 + 3 + 3 * 1 + 1)
        let x = Tensor(rows: [[0.5, -1], [2, 0.25]])
        let (l0, l1) = (mlp.parameters[0], mlp.parameters[1])
        let expected = try matmul(tanh(matmul(x, l0.weight) + l0.bias), l1.weight) + l1.bias
        #expect(try mlp(x) == expected)
        #expect(try mlp(Variable(constant: x), parameters: mlp.variables()).value == expected)
    }

    /// STYLE habit 3: explicit parameters evaluate adapted weights; the model is unchanged.
    @Test func explicitParametersDoNotTouchTheModel() throws {
        var rng = SeededGenerator(seed: 4)
        let mlp = MLP(sizes: [1, 4, 1], using: &rng)
        let before = mlp.parameters
        let theta = mlp.variables()
        let shifted = theta.variables.map { $0 + 1 }
        let x = Variable(constant: Tensor(rows: [[0.3]]))
        let y0 = try mlp(x, parameters: theta).value
        let y1 = try mlp(x, parameters: [LayerVariables](pairs: shifted)).value
        #expect(y0 != y1)
        #expect(mlp.parameters == before)
    }

    @Test func linearLayerAndItsGradients() throws {
        let layer = Linear(parameters: LayerParameters(weight: Tensor(rows: [[1, 2], [3, 4]]), bias: Tensor([10, 20])))
        let x = Tensor(rows: [[1, 1], [0, 1]])
        #expect(try layer(x) == Tensor(rows: [[14, 26], [13, 24]]))
        let p = LayerVariables(layer.parameters)
        let loss = try layer(Variable(constant: x), parameters: p).sum()
        let g = try gradientTensors(of: loss, wrt: p.variables)
        #expect(g[0] == Tensor(rows: [[1, 1], [2, 2]]))  // xᵀ·1
        #expect(g[1] == Tensor([2, 2]))
    }

    @Test func unflatteningAFlatVectorFollowsTheGoldenOrder() throws {
        var rng = SeededGenerator(seed: 5)
        let mlp = MLP(sizes: [2, 3, 2], using: &rng)
        let flat = Variable(Tensor(mlp.parameters.flattened))
        let layers = try [LayerVariables](unflattening: flat, like: mlp.parameters)
        #expect(layers.map(\.values) == mlp.parameters)
        #expect(throws: TensorError.self) { _ = try [LayerVariables](unflattening: Variable(Tensor([1, 2])), like: mlp.parameters) }
    }

    @Test(arguments: Activation.allCases)
    func activationOnVariablesMatchesTheScalarFunctionAndDerivative(_ activation: Activation) throws {
        let points = [-1.3, -0.2, 0.4, 2.1]
        let x = Variable(Tensor(points))
        let y = activation(x)
        let g = try gradientTensors(of: y.sum(), wrt: [x])[0]
        for (i, p) in points.enumerated() {
            #expect(abs(y.value.scalars[i] - activation(p)) < 1e-15)
            #expect(abs(g.scalars[i] - activation.derivative(p)) < 1e-15)
        }
    }
}
