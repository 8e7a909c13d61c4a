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
///
/// A register-blocked SIMD kernel (see `tileKernel`): C is cut into tiles of
/// 12 rows × 16 columns held in 24 `SIMD8<Double>` accumulators; the k
/// dimension is cut into blocks of `productDepthBlock` so one 16-column
/// panel of B stays in L1 while every row tile of A streams past it. Large
/// products copy that panel into a contiguous buffer first (packing); small
/// ones read B in place. Columns left over after the 16- and 8-wide panels
/// (n mod 8) are dot products of A's rows with a copied column.
/// Each element is a sum over p in increasing order (8 columns at a time),
/// so results are deterministic for given shapes.
/// - Complexity: O(m·n·k).
public func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
) {
    stridedProduct(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n)
}

/// How many steps of k one pass of the tile kernel covers (fits a 16-column
/// B panel of 16 KiB in L1 beside the A rows).
let productDepthBlock = 128

/// The rows of C one register tile covers.
let productTileRows = 12

/// C = A·B with row strides `lda`, `ldb`, `ldc` (in elements); C is overwritten.
func stridedProduct(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        return
    }
    let depth = Swift.min(productDepthBlock, k)
    // Packing pays when a panel is reused by several row tiles and B rows are far apart.
    let pack = m > 2 * productTileRows && ldb >= 64
    withUnsafeTemporaryAllocation(of: Double.self, capacity: Swift.max(depth * 16, k)) { buffer in
        let scratch = buffer.baseAddress!
        var pc = 0
        while pc < k {
            let kb = Swift.min(depth, k - pc)
            let accumulate = pc > 0
            var j0 = 0
            while j0 < n {
                let width = n - j0 >= 16 ? 16 : (n - j0 >= 8 ? 8 : n - j0)
                if width < 8 {
                    for j in j0..<n {
                        columnTail(
                            m: m, k: kb, a: a + pc, lda: lda, b: b + pc * ldb + j, ldb: ldb,
                            c: c + j, ldc: ldc, accumulate: accumulate, scratch: scratch)
                    }
                    break
                }
                var panel = b + pc * ldb + j0
                var panelStride = ldb
                if pack {
                    for p in 0..<kb { (scratch + p * width).update(from: panel + p * ldb, count: width) }
                    panel = UnsafePointer(scratch)
                    panelStride = width
                }
                var i0 = 0
                while i0 < m {
                    dispatchTile(
                        rows: Swift.min(productTileRows, m - i0), vectors: width / 8,
                        TileOperands(
                            k: kb, a: a + i0 * lda + pc, lda: lda, b: panel, ldb: panelStride,
                            c: c + i0 * ldc + j0, ldc: ldc, accumulate: accumulate))
                    i0 += productTileRows
                }
                j0 += width
            }
            pc += kb
        }
    }
}

/// One column of C (stride `ldc`) as dot products of A's rows with B's
/// column (stride `ldb`), copied to `scratch` so both operands are contiguous.
@inline(__always)
func columnTail(
    m: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool, scratch: UnsafeMutablePointer<Double>
) {
    for p in 0..<k { scratch[p] = b[p * ldb] }
    for i in 0..<m {
        let s = contiguousDot(a + i * lda, UnsafePointer(scratch), count: k)
        c[i * ldc] = accumulate ? c[i * ldc] + s : s
    }
}

/// Σ xᵢyᵢ over two contiguous arrays, two SIMD8 accumulators then a scalar tail.
@inline(__always)
func contiguousDot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
    var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
    let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
    var p = 0
    while p + 16 <= count {
        s0 = s0.addingProduct(
            rx.loadUnaligned(fromByteOffset: p * 8, as: SIMD8<Double>.self),
            ry.loadUnaligned(fromByteOffset: p * 8, as: SIMD8<Double>.self))
        s1 = s1.addingProduct(
            rx.loadUnaligned(fromByteOffset: p * 8 + 64, as: SIMD8<Double>.self),
            ry.loadUnaligned(fromByteOffset: p * 8 + 64, as: SIMD8<Double>.self))
        p += 16
    }
    if p + 8 <= count {
        s0 = s0.addingProduct(
            rx.loadUnaligned(fromByteOffset: p * 8, as: SIMD8<Double>.self),
            ry.loadUnaligned(fromByteOffset: p * 8, as: SIMD8<Double>.self))
        p += 8
    }
    var s = (s0 + s1).sum()
    while p < count {
        s = s.addingProduct(x[p], y[p])
        p += 1
    }
    return s
}

/// The reference product (i-k-j loops), kept as the oracle for tests.
func referenceGemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
) {
    c.update(repeating: 0, count: m * n)
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
