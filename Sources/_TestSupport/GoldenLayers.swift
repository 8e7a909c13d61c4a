import NeuralNets
import Tensors
import Testing

extension GoldenJSON {
    /// A golden list of `{W, b}` layers (W in×out as nested lists, b a list), as
    /// `LayerParameters`. A node that is not such a list is recorded as an issue and
    /// gives no layers (a malformed layer, an empty one), so the comparison fails too.
    public static func layers(_ node: Any?, sourceLocation: SourceLocation = #_sourceLocation)
        -> [LayerParameters]
    {
        guard let list = node as? [[String: Any]] else {
            Issue.record("expected a list of {W, b} layers", sourceLocation: sourceLocation)
            return []
        }
        return list.map { layer in
            let weight = layer["W"].flatMap(tensor), bias = layer["b"].flatMap(tensor)
            guard let weight, let bias, weight.rank == 2, bias.rank == 1, bias.count == weight.shape[1] else {
                Issue.record(
                    "a layer without a numeric in×out W and a b of out", sourceLocation: sourceLocation)
                return LayerParameters(
                    weight: Tensor(shape: [0, 0], scalars: []), bias: Tensor(shape: [0], scalars: []))
            }
            return LayerParameters(weight: weight, bias: bias)
        }
    }
}
