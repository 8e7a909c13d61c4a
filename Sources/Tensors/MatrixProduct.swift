/// The matrix product C = A·B for A of shape m×k and B of shape k×n.
///
/// Vectors are promoted as in NumPy's `matmul`: a vector on the left is a
/// 1×k row, on the right a k×1 column, and the promoted axis is dropped from
/// the result. Rank-3 operands are a batch (b×m×k · b×k×n, or one side
/// shared as a matrix). Throws `.shapeMismatch` when the inner sizes differ.
/// - Complexity: O(m·k·n).
public func matmul(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    guard a.rank >= 1, b.rank >= 1, a.rank <= 3, b.rank <= 3 else {
        throw .shapeMismatch(operation: "matrix product", lhs: a.shape, rhs: b.shape)
    }
    if a.rank == 3 || b.rank == 3 { return try batchedMatmul(a, b) }
    let m = a.rank == 2 ? a.shape[0] : 1
    let k = a.shape[a.rank - 1]
    let kb = b.shape[0]
    let n = b.rank == 2 ? b.shape[1] : 1
    guard k == kb else { throw .shapeMismatch(operation: "matrix product", lhs: a.shape, rhs: b.shape) }
    var out = [Double](repeating: 0, count: m * n)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                gemm(m: m, n: n, k: k, a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!)
            }
        }
    }
    var shape: [Int] = []
    if a.rank == 2 { shape.append(m) }
    if b.rank == 2 { shape.append(n) }
    return Tensor(shape: shape, scalars: out)
}

/// Batched product over a leading batch axis; a rank-2 side is shared by every batch.
func batchedMatmul(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    guard a.rank >= 2, b.rank >= 2 else {
        throw .shapeMismatch(operation: "batched matrix product", lhs: a.shape, rhs: b.shape)
    }
    let batchA = a.rank == 3 ? a.shape[0] : 1
    let batchB = b.rank == 3 ? b.shape[0] : 1
    guard batchA == batchB || batchA == 1 || batchB == 1 else {
        throw .shapeMismatch(operation: "batched matrix product", lhs: a.shape, rhs: b.shape)
    }
    let batch = Swift.max(batchA, batchB)
    let (m, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (kb, n) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    guard k == kb else {
        throw .shapeMismatch(operation: "batched matrix product", lhs: a.shape, rhs: b.shape)
    }
    var out = [Double](repeating: 0, count: batch * m * n)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                for t in 0..<batch {
                    let ao = batchA == 1 ? 0 : t * m * k
                    let bo = batchB == 1 ? 0 : t * k * n
                    gemm(
                        m: m, n: n, k: k, a: pa.baseAddress! + ao, b: pb.baseAddress! + bo,
                        c: pc.baseAddress! + t * m * n)
                }
            }
        }
    }
    return Tensor(shape: [batch, m, n], scalars: out)
}

/// C (m×n) = A (m×k) · B (k×n), all row-major and contiguous; C is overwritten.
/// The reference kernel: i-k-j order so the inner loop streams rows of B and C.
@inlinable
public func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
) {
    c.initialize(repeating: 0, count: m * n)
    for i in 0..<m {
        let ci = c + i * n
        for p in 0..<k {
            let aip = a[i * k + p]
            let bp = b + p * n
            for j in 0..<n { ci[j] = ci[j].addingProduct(aip, bp[j]) }
        }
    }
}

/// ⟨u, v⟩ = Σᵢ uᵢvᵢ for two tensors with the same number of elements.
public func dot(_ u: Tensor, _ v: Tensor) throws(TensorError) -> Double {
    guard u.count == v.count else { throw .shapeMismatch(operation: "dot", lhs: u.shape, rhs: v.shape) }
    var s = 0.0
    for i in 0..<u.count { s = s.addingProduct(u.scalars[i], v.scalars[i]) }
    return s
}

/// The outer product u vᵀ of two vectors (flattened), an m×n matrix.
public func outer(_ u: Tensor, _ v: Tensor) -> Tensor {
    var out = [Double](repeating: 0, count: u.count * v.count)
    for i in 0..<u.count {
        for j in 0..<v.count { out[i * v.count + j] = u.scalars[i] * v.scalars[j] }
    }
    return Tensor(shape: [u.count, v.count], scalars: out)
}
