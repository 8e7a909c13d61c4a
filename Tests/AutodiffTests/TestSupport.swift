import Autodiff
import Tensors
import TestSupport

/// A tensor of `shape` with elements uniform in `range`.
func randomTensor(_ shape: [Int], in range: ClosedRange<Double>, using rng: inout SplitMix64) -> Tensor {
    Tensor(
        shape: shape,
        scalars: (0..<Tensor.elementCount(shape)).map { _ in Double.random(in: range, using: &rng) })
}
