import Tensors

/// Stochastic gradient descent with (heavy-ball) momentum, as PyTorch's `SGD`:
///
///     v ← μ·v + g
///     θ ← θ − η·v
///
/// with learning rate η and momentum μ (μ = 0 is plain θ ← θ − η·g). The
/// velocities start at zero and are kept per parameter, in the order given.
public struct SGD: Sendable {
    public var learningRate: Double
    public var momentum: Double
    private var velocities: [Tensor] = []

    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// One update of every parameter by its gradient (same shapes, same order every call).
    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor]) throws(TensorError) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if velocities.isEmpty { velocities = parameters.map { .zeros($0.shape) } }
        for k in parameters.indices {
            if momentum == 0 {
                parameters[k] = try parameters[k] - learningRate * gradients[k]
            } else {
                velocities[k] = try momentum * velocities[k] + gradients[k]
                parameters[k] = try parameters[k] - learningRate * velocities[k]
            }
        }
    }
}

/// Adam (Kingma & Ba 2015) with bias correction, at step t = 1, 2, …:
///
///     m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
///     m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
///     θ ← θ − η·m̂ / (√v̂ + ε)
///
/// Defaults η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (the paper's and PyTorch's).
public struct Adam: Sendable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// The number of updates taken so far.
    public private(set) var step = 0
    private var firstMoments: [Tensor] = []
    private var secondMoments: [Tensor] = []

    public init(
        learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One update of every parameter by its gradient (same shapes, same order every call).
    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor]) throws(TensorError) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if firstMoments.isEmpty {
            firstMoments = parameters.map { .zeros($0.shape) }
            secondMoments = firstMoments
        }
        step += 1
        let c1 = 1 - Double.pow(beta1, Double(step))
        let c2 = 1 - Double.pow(beta2, Double(step))
        for k in parameters.indices {
            let g = gradients[k]
            firstMoments[k] = try beta1 * firstMoments[k] + (1 - beta1) * g
            secondMoments[k] = try beta2 * secondMoments[k] + (1 - beta2) * (g * g)
            let mHat = firstMoments[k] / c1
            let vHat = secondMoments[k] / c2
            parameters[k] = try parameters[k] - learningRate * mHat / (sqrt(vHat) + epsilon)
        }
    }
}

extension Array where Element == LayerParameters {
    /// The parameters as a list [W₀, b₀, W₁, b₁, …] for an optimizer.
    public var tensors: [Tensor] { flatMap { [$0.weight, $0.bias] } }

    /// Layers of the same shapes rebuilt from a list in the order of `tensors`.
    public func replacing(with list: [Tensor]) -> [LayerParameters] {
        precondition(list.count == 2 * count, "two tensors per layer")
        return indices.map { LayerParameters(weight: list[2 * $0], bias: list[2 * $0 + 1]) }
    }
}
