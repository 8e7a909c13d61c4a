import Tensors

/// Zeros of `shape` with `x`'s elements added, in row-major order, at the
/// Cartesian product of per-axis `positions` (the adjoint of `Tensor.slice`;
/// repeated positions accumulate). `x.count` is the product of the list sizes.
/// - Complexity: O(x.count + count of `shape`).
func scatterAddKernel(_ x: Tensor, into shape: [Int], positions: [[Int]]) -> Tensor {
    var out = [Double](repeating: 0, count: Tensor.elementCount(shape))
    let rank = shape.count
    if x.count == 0 { return Tensor(shape: shape, scalars: out) }
    if rank == 0 { return Tensor(shape: shape, scalars: x.scalars) }
    let strides = Tensor.strides(of: shape)
    let offsets = (0..<rank).map { k in positions[k].map { $0 * strides[k] } }
    let last = rank - 1
    let lastOffsets = offsets[last]
    var index = [Int](repeating: 0, count: rank)
    var base = (0..<last).reduce(0) { $0 + offsets[$1][0] }
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            var i = 0
            while i < src.count {
                for o in lastOffsets {
                    dst[base + o] += src[i]
                    i += 1
                }
                var k = last - 1
                while k >= 0 {
                    base -= offsets[k][index[k]]
                    index[k] += 1
                    if index[k] < offsets[k].count {
                        base += offsets[k][index[k]]
                        break
                    }
                    index[k] = 0
                    base += offsets[k][0]
                    k -= 1
                }
            }
        }
    }
    return Tensor(shape: shape, scalars: out)
}
