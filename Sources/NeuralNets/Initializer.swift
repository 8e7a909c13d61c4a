import Tensors

/// How a dense layer's parameters are drawn.
public enum Initializer: Sendable, Equatable {
    /// PyTorch's `nn.Linear` default: W and b uniform in U(−1/√in, 1/√in).
    case uniformFanIn
    /// The MAML paper's (Finn et al. 2017) choice: W from N(0, σ²) truncated at ±2σ, b = 0.
    case truncatedNormal(standardDeviation: Double)
    /// Glorot & Bengio (2010): W uniform in U(−√(6/(in+out)), √(6/(in+out))), b = 0.
    case glorotUniform
    /// W from N(0, 1/in) (standard deviation 1/√in), b = 0.
    case normalFanIn
    /// W = 0 and b = 0.
    case zeros

    /// The MAML paper's σ = 0.01.
    public static let mamlTruncatedNormal = Initializer.truncatedNormal(standardDeviation: 0.01)

    /// One in×out layer; W is drawn row-major, then b.
    public func layer(inputSize: Int, outputSize: Int, using generator: inout SeededGenerator)
        -> LayerParameters
    {
        switch self {
        case .uniformFanIn:
            let bound = 1 / Double(inputSize).squareRoot()
            let w = Tensor.uniform([inputSize, outputSize], low: -bound, high: bound, using: &generator)
            let b = Tensor.uniform([outputSize], low: -bound, high: bound, using: &generator)
            return LayerParameters(weight: w, bias: b)
        case .truncatedNormal(let sigma):
            let values = (0..<(inputSize * outputSize)).map { _ in
                generator.truncatedNormal(standardDeviation: sigma)
            }
            return LayerParameters(
                weight: Tensor(shape: [inputSize, outputSize], scalars: values), bias: .zeros([outputSize]))
        case .glorotUniform:
            let bound = (6 / Double(inputSize + outputSize)).squareRoot()
            let w = Tensor.uniform([inputSize, outputSize], low: -bound, high: bound, using: &generator)
            return LayerParameters(weight: w, bias: .zeros([outputSize]))
        case .normalFanIn:
            let sigma = 1 / Double(inputSize).squareRoot()
            let w = Tensor.normal([inputSize, outputSize], standardDeviation: sigma, using: &generator)
            return LayerParameters(weight: w, bias: .zeros([outputSize]))
        case .zeros:
            return LayerParameters(weight: .zeros([inputSize, outputSize]), bias: .zeros([outputSize]))
        }
    }
}
