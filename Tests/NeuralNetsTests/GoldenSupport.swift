import Foundation
import NeuralNets
import Tensors
import TestSupport
import Testing

/// A golden JSON file of this target's Golden/ folder (float64 JAX/PyTorch values,
/// see Golden/README.md), read with `/`-separated key paths.
func goldenFile(_ name: String) throws -> GoldenJSON { try GoldenJSON(name, in: GoldenJSON.folder()) }
