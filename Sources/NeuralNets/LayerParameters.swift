import Tensors

/// The parameters of one dense layer, `h_out = h_in · W + b`.
///
/// Shapes: `weight` is in×out (row i is an input unit, column j an output
/// unit — the transpose of PyTorch's `nn.Linear.weight`), `bias` has out
/// elements. A batch `h_in` is N×in, one point per row.
public struct LayerParameters: Sendable, Equatable {
    public var weight: Tensor
    public var bias: Tensor

    public init(weight: Tensor, bias: Tensor) {
        precondition(
            weight.rank == 2 && bias.rank == 1 && bias.count == weight.shape[1],
            "layer shapes W \(weight.shape), b \(bias.shape)")
        self.weight = weight
        self.bias = bias
    }

    public var inputSize: Int { weight.shape[0] }
    public var outputSize: Int { weight.shape[1] }
    /// in·out + out.
    public var parameterCount: Int { weight.count + bias.count }
}

extension Array where Element == LayerParameters {
    /// All parameters in the golden files' flatten order: layer 0 W (row-major),
    /// layer 0 b, layer 1 W, layer 1 b, …
    public var flattened: [Double] { flatMap { $0.weight.scalars + $0.bias.scalars } }

    /// The inverse of `flattened` for layers of the same shapes as `self`.
    /// - Precondition: `flat.count` is the total parameter count.
    public func unflattened(_ flat: [Double]) -> [LayerParameters] {
        precondition(flat.count == reduce(0) { $0 + $1.parameterCount }, "flat parameter count")
        var offset = 0
        return map { layer in
            let w = [Double](flat[offset..<(offset + layer.weight.count)])
            offset += layer.weight.count
            let b = [Double](flat[offset..<(offset + layer.bias.count)])
            offset += layer.bias.count
            return LayerParameters(
                weight: Tensor(shape: layer.weight.shape, scalars: w),
                bias: Tensor(shape: layer.bias.shape, scalars: b))
        }
    }
}
