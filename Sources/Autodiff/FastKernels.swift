import Tensors

// Tight loops for the shapes a network's graph is made of (equal shapes, a
// scalar, a trailing row such as a bias). Anything else goes to Tensors'
// general broadcasting; the results are identical. The cases are written out one by
// one on purpose (the duplicate scan pairs them): each inner loop stays a plain
// contiguous loop the compiler vectorises, which one loop with index arithmetic is not.

/// f(a, b) elementwise with broadcasting; `general` handles the shapes without a fast path.
@inline(__always)
func combine(
    _ a: Tensor, _ b: Tensor,
    general: (Tensor, Tensor) throws(TensorError) -> Tensor,
    _ f: (Double, Double) -> Double
) throws(TensorError) -> Tensor {
    if a.shape == b.shape {
        return Tensor(
            shape: a.shape,
            scalars: [Double](unsafeUninitializedCapacity: a.count) { out, n in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        for i in 0..<x.count { out[i] = f(x[i], y[i]) }
                    }
                }
                n = a.count
            })
    }
    if isTrailing(b.shape, of: a.shape) {
        return Tensor(
            shape: a.shape,
            scalars: [Double](unsafeUninitializedCapacity: a.count) { out, n in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        let width = y.count
                        var i = 0
                        while i < x.count {
                            for j in 0..<width { out[i + j] = f(x[i + j], y[j]) }
                            i += width
                        }
                    }
                }
                n = a.count
            })
    }
    if isTrailing(a.shape, of: b.shape) {
        return Tensor(
            shape: b.shape,
            scalars: [Double](unsafeUninitializedCapacity: b.count) { out, n in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        let width = x.count
                        var i = 0
                        while i < y.count {
                            for j in 0..<width { out[i + j] = f(x[j], y[i + j]) }
                            i += width
                        }
                    }
                }
                n = b.count
            })
    }
    return try general(a, b)
}

/// Whether `small` broadcasts to `large` by repeating it whole: `small` equals
/// the trailing axes of `large` after dropping its leading 1s (and is not empty).
@inline(__always)
func isTrailing(_ small: [Int], of large: [Int]) -> Bool {
    var s = small[...]
    while s.first == 1 { s = s.dropFirst() }
    guard s.count <= large.count, Tensor.elementCount(small) > 0 else { return false }
    if small.count > large.count { return false }
    return large.suffix(s.count).elementsEqual(s)
}

/// Σ over the leading axes of `x` down to `target` when `target` is `x`'s
/// trailing axes (with leading 1s allowed), else Tensors' general reduction.
func sumToShape(_ x: Tensor, _ target: [Int]) -> Tensor {
    guard target.count <= x.rank, isTrailing(target, of: x.shape), x.count > 0 else {
        return x.sum(toShape: target)
    }
    let width = Tensor.elementCount(target)
    var out = [Double](repeating: 0, count: width)
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            var i = 0
            while i < src.count {
                for j in 0..<width { dst[j] += src[i + j] }
                i += width
            }
        }
    }
    return Tensor(shape: target, scalars: out)
}
