import RealModule
import Tensors

/// A pointwise nonlinearity applied after every layer of an MLP but the last.
public enum Activation: String, Sendable, CaseIterable {
    /// max(x, 0); its derivative at 0 is taken as 0 (the golden files' convention).
    case relu
    /// tanh x, derivative 1 − tanh² x.
    case tanh
    /// σ(x) = 1/(1 + e⁻ˣ), derivative σ(1 − σ).
    case sigmoid
    /// log(1 + eˣ), derivative σ(x).
    case softplus
    /// x for x > 0, 0.01·x otherwise.
    case leakyRelu = "leaky_relu"
    /// x (a linear network).
    case identity

    /// The activation applied to one number.
    @inlinable
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .relu: return x > 0 ? x : (x.isNaN ? x : 0)
        case .tanh: return Double.tanh(x)
        case .sigmoid: return sigmoidScalar(x)
        case .softplus: return softplusScalar(x)
        case .leakyRelu: return x > 0 ? x : 0.01 * x
        case .identity: return x
        }
    }

    /// Its derivative at x.
    @inlinable
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .relu: return x > 0 ? 1 : 0
        case .tanh:
            let t = Double.tanh(x)
            return 1 - t * t
        case .sigmoid:
            let s = sigmoidScalar(x)
            return s * (1 - s)
        case .softplus: return sigmoidScalar(x)
        case .leakyRelu: return x > 0 ? 1 : 0.01
        case .identity: return 1
        }
    }
}
