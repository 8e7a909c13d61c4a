import Autodiff
import Foundation
import NeuralNets
import Tensors
import Testing

@Suite struct LayersTests {
    /// A 2 → 3 → 1 ReLU network with chosen weights, worked by hand:
    /// h = relu(x·W₀ + b₀) = [[2, 0, 1.5], [0, 0, 2]], y = h·W₁ + b₁ = [[-0.5], [-3.5]].
    @Test func mlpForwardIsHTimesWPlusBWithActivationBetweenLayers() throws {
        var rng = SeededGenerator(seed: 3)
        var mlp = MLP(sizes: [2, 3, 1], activation: .relu, using: &rng)
        #expect(mlp.sizes == [2, 3, 1])
        #expect(mlp.parameterCount == 2 * 3 + 3 + 3 * 1 + 1)
        mlp.parameters = [
            LayerParameters(weight: Tensor(rows: [[1, 0, -1], [0.5, -2, 1]]), bias: Tensor([0, 1, 0.5])),
            LayerParameters(weight: Tensor(rows: [[1], [3], [-2]]), bias: Tensor([0.5])),
        ]
        let x = Tensor(rows: [[1, 2], [-1, 0.5]])
        let expected = Tensor(rows: [[-0.5], [-3.5]])
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
        let layer = Linear(
            parameters: LayerParameters(weight: Tensor(rows: [[1, 2], [3, 4]]), bias: Tensor([10, 20])))
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
        #expect(throws: TensorError.self) {
            _ = try [LayerVariables](unflattening: Variable(Tensor([1, 2])), like: mlp.parameters)
        }
    }

    /// Values against closed forms written here, derivatives against central differences
    /// of those closed forms (h = 1e-6: truncation ~h², rounding ~ε/h, so 1e-8 relative).
    @Test(arguments: Activation.allCases)
    func activationOnVariablesMatchesTheScalarFunctionAndDerivative(_ activation: Activation) throws {
        let closedForm: (Double) -> Double
        switch activation {
        case .relu: closedForm = { Swift.max($0, 0) }
        case .tanh: closedForm = { Foundation.tanh($0) }
        case .sigmoid: closedForm = { 1 / (1 + Foundation.exp(-$0)) }
        case .softplus: closedForm = { Foundation.log(1 + Foundation.exp($0)) }
        case .leakyRelu: closedForm = { $0 > 0 ? $0 : 0.01 * $0 }
        case .identity: closedForm = { $0 }
        }
        let points = [-1.3, -0.2, 0.4, 2.1]  // away from the kink of relu and leaky_relu
        let x = Variable(Tensor(points))
        let y = activation(x)
        let g = try gradientTensors(of: y.sum(), wrt: [x])[0]
        let h = 1e-6
        for (i, p) in points.enumerated() {
            let value = closedForm(p)
            let slope = (closedForm(p + h) - closedForm(p - h)) / (2 * h)
            let (valueBound, slopeBound) = (1e-15 * Swift.max(1, abs(value)), 1e-8 * Swift.max(1, abs(slope)))
            #expect(abs(y.value.scalars[i] - value) <= valueBound, "\(activation)(\(p))")
            #expect(abs(activation(p) - value) <= valueBound, "\(activation)(\(p))")
            #expect(abs(g.scalars[i] - slope) <= slopeBound, "\(activation)′(\(p))")
            #expect(abs(activation.derivative(p) - slope) <= slopeBound, "\(activation)′(\(p))")
        }
    }
}
