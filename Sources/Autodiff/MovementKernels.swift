import Tensors

/// Zeros of `shape` with `x`'s elements added, in row-major order, at the
/// Cartesian product of per-axis `positions` (the adjoint of `Tensor.slice`;
/// repeated positions accumulate). `x.count` is the product of the list sizes.
/// - Complexity: O(x.count + count of `shape`).
func scatterAddKernel(_ x: Tensor, into shape: [Int], positions: [[Int]]) -> Tensor {
    var out = [Double](repeating: 0, count: Tensor.elementCount(shape))
    if x.count == 0 { return Tensor(shape: shape, scalars: out) }
    if shape.isEmpty { return Tensor(shape: shape, scalars: x.scalars) }
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            Tensor.forEachCartesianOffset(in: shape, at: positions) { i, offset in dst[offset] += src[i] }
        }
    }
    return Tensor(shape: shape, scalars: out)
}
