import Autodiff
import Tensors

extension Activation {
    /// The activation applied elementwise to a Variable (differentiable to any order).
    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .relu: return Autodiff.relu(x)
        case .tanh: return Autodiff.tanh(x)
        case .sigmoid: return Autodiff.sigmoid(x)
        case .softplus: return Autodiff.softplus(x)
        case .leakyRelu: return Autodiff.leakyRelu(x, slope: 0.01)
        case .identity: return x
        }
    }
}
