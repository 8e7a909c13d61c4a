import Foundation
import NeuralNets
import Tensors
import TestSupport
import Testing

/// A golden JSON file of this target's Golden/ folder (float64 JAX/PyTorch values,
/// see Golden/README.md), read with `/`-separated key paths.
func goldenFile(_ name: String) throws -> GoldenJSON { try GoldenJSON(name, in: GoldenJSON.folder()) }

/// A list of `{W, b}` layers.
func goldenLayers(_ json: Any?) -> [LayerParameters] {
    guard let list = json as? [[String: Any]] else {
        Issue.record("expected a list of {W, b} layers")
        return []
    }
    return list.map { layer in
        let weight = layer["W"].flatMap(GoldenJSON.tensor), bias = layer["b"].flatMap(GoldenJSON.tensor)
        if weight == nil || bias == nil { Issue.record("a layer without numeric W and b") }
        return LayerParameters(weight: weight ?? Tensor(shape: [0, 0], scalars: []), bias: bias ?? Tensor(shape: [0], scalars: []))
    }
}
