import Autodiff
import Tensors

/// One dense layer's parameters as Variables, `h_out = h_in · W + b`: the
/// differentiable counterpart of `LayerParameters` (W in×out, b of out).
/// An inner loop builds adapted `LayerVariables` (θ − α∇) and evaluates the
/// same network with them — the model is never mutated or cloned.
public struct LayerVariables: Sendable {
    public var weight: Variable
    public var bias: Variable

    public init(weight: Variable, bias: Variable) {
        self.weight = weight
        self.bias = bias
    }

    /// Leaves over a layer's Tensors (requiring a gradient unless `requiresGrad` is false).
    public init(_ parameters: LayerParameters, requiresGrad: Bool = true) {
        weight = Variable(parameters.weight, requiresGrad: requiresGrad)
        bias = Variable(parameters.bias, requiresGrad: requiresGrad)
    }

    /// [weight, bias], the order of the golden files' flattening.
    public var variables: [Variable] { [weight, bias] }

    /// The current values as `LayerParameters`.
    public var values: LayerParameters { LayerParameters(weight: weight.value, bias: bias.value) }
}

extension Array where Element == LayerVariables {
    /// Every Variable in flatten order: W₀, b₀, W₁, b₁, …
    public var variables: [Variable] { flatMap(\.variables) }

    /// Layers rebuilt from a list in flatten order (as `variables` gives, or as
    /// `gradients(of:wrt:)` returns for it). - Precondition: an even count.
    public init(pairs list: [Variable]) {
        precondition(list.count % 2 == 0, "layer variables come in (W, b) pairs")
        self = stride(from: 0, to: list.count, by: 2).map {
            LayerVariables(weight: list[$0], bias: list[$0 + 1])
        }
    }

    /// Layers shaped like `like`, cut from one flat Variable in flatten order
    /// (W₀ row-major, b₀, W₁, …): differentiating through the cut gives the
    /// gradient, HVP and Hessian with respect to the flat vector.
    public init(unflattening flat: Variable, like layers: [LayerParameters]) throws(TensorError) {
        let total = layers.reduce(0) { $0 + $1.parameterCount }
        guard flat.rank == 1, flat.count == total else {
            throw .invalidShape(
                operation: "unflatten parameters", shape: flat.shape, expected: "a vector of \(total)")
        }
        var offset = 0
        var result: [LayerVariables] = []
        for layer in layers {
            let w = try flat.sliced(alongAxis: 0, range: offset..<(offset + layer.weight.count))
                .reshaped(layer.weight.shape)
            offset += layer.weight.count
            let b = try flat.sliced(alongAxis: 0, range: offset..<(offset + layer.bias.count))
            offset += layer.bias.count
            result.append(LayerVariables(weight: w, bias: b))
        }
        self = result
    }
}

/// The affine map x·W + b for a batch x of N×in (one point per row): N×out.
public func linear(_ x: Variable, _ layer: LayerVariables) throws(TensorError) -> Variable {
    try matmul(x, layer.weight) + layer.bias
}

/// The MLP forward pass with explicit parameters, for a batch x of N×in:
/// h₀ = x, hₗ₊₁ = act(hₗ·Wₗ + bₗ), the last layer without activation (N×out).
/// The one forward pass: `MLP` and Lab's `mlp` models both evaluate through it,
/// with parameters that may be traced Variables (adapted weights, nested `grad`).
public func mlp(_ x: Variable, parameters: [LayerVariables], activation: Activation) throws(TensorError)
    -> Variable
{
    var h = x
    for (l, layer) in parameters.enumerated() {
        h = try linear(h, layer)
        if l < parameters.count - 1 { h = activation(h) }
    }
    return h
}

/// A dense layer holding its parameters; callable with explicit parameters.
public struct Linear: Sendable {
    public var parameters: LayerParameters

    public init(parameters: LayerParameters) { self.parameters = parameters }

    /// A layer of `inputSize`→`outputSize` drawn by `initializer`.
    public init(
        inputSize: Int, outputSize: Int, initializer: Initializer = .uniformFanIn,
        using generator: inout SeededGenerator
    ) {
        parameters = initializer.layer(inputSize: inputSize, outputSize: outputSize, using: &generator)
    }

    /// x·W + b with the given parameters (not necessarily this layer's own).
    public func callAsFunction(_ x: Variable, parameters: LayerVariables) throws(TensorError) -> Variable {
        try linear(x, parameters)
    }

    /// x·W + b with this layer's own parameters.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        try matmul(x, parameters.weight) + parameters.bias
    }
}

/// A multilayer perceptron: dense layers `sizes[0]→sizes[1]→…`, with
/// `activation` after every layer except the last (the output is linear).
///
///     var rng = SeededGenerator(seed: 1)
///     let mlp = MLP(sizes: [1, 40, 40, 1], activation: .relu, using: &rng)
///     let θ = mlp.variables()                       // leaves requiring gradients
///     let y = try mlp(x, parameters: θ)             // x: N×1 Variable → N×1
///     let g = try gradients(of: meanSquaredError(y, t), wrt: θ.variables, createGraph: true)
///     let adapted = try zip(θ.variables, g).map { try $0 - α * $1 }
///     let yq = try mlp(xq, parameters: [LayerVariables](pairs: adapted))   // adapted weights
public struct MLP: Sendable {
    public var parameters: [LayerParameters]
    public var activation: Activation

    /// A network over given parameters (consecutive layers must chain: out of one = in of the next).
    public init(parameters: [LayerParameters], activation: Activation = .relu) {
        precondition(!parameters.isEmpty, "an MLP needs at least one layer")
        for (a, b) in zip(parameters, parameters.dropFirst()) {
            precondition(
                a.outputSize == b.inputSize, "layers \(a.weight.shape) and \(b.weight.shape) do not chain")
        }
        self.parameters = parameters
        self.activation = activation
    }

    /// A network of `sizes` (at least two) whose layers are drawn by `initializer`, first layer first.
    public init(
        sizes: [Int], activation: Activation = .relu, initializer: Initializer = .uniformFanIn,
        using generator: inout SeededGenerator
    ) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "MLP sizes \(sizes)")
        var layers: [LayerParameters] = []
        for (i, o) in zip(sizes, sizes.dropFirst()) {
            layers.append(initializer.layer(inputSize: i, outputSize: o, using: &generator))
        }
        self.init(parameters: layers, activation: activation)
    }

    /// [in, hidden…, out].
    public var sizes: [Int] { [parameters[0].inputSize] + parameters.map(\.outputSize) }

    /// Total number of parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.parameterCount } }

    /// This network's parameters as leaves (requiring gradients unless `requiresGrad` is false).
    public func variables(requiresGrad: Bool = true) -> [LayerVariables] {
        parameters.map { LayerVariables($0, requiresGrad: requiresGrad) }
    }

    /// The forward pass with explicit parameters, for a batch x of N×in:
    /// h₀ = x, hₗ₊₁ = act(hₗ·Wₗ + bₗ), the last layer without activation.
    /// Throws when x's columns or the parameters' shapes do not fit.
    public func callAsFunction(_ x: Variable, parameters: [LayerVariables]) throws(TensorError) -> Variable {
        try mlp(x, parameters: parameters, activation: activation)
    }

    /// The forward pass with this network's own parameters, on Tensors.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        try callAsFunction(Variable(constant: x), parameters: variables(requiresGrad: false)).value
    }
}
