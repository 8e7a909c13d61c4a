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
    if a.rank == 3 || b.rank == 3 {
        return try batchedProduct(
            a, b, transposingA: false, transposingB: false, operation: "batched matrix product")
    }
    let m = a.rank == 2 ? a.shape[0] : 1
    let k = a.shape[a.rank - 1]
    let kb = b.shape[0]
    let n = b.rank == 2 ? b.shape[1] : 1
    guard k == kb else { throw .shapeMismatch(operation: "matrix product", lhs: a.shape, rhs: b.shape) }
    // The product polls StopCheck once per macro-block (KC × MC) and gives up when
    // asked; the partial result is abandoned. (A product too small to poll completes.)
    // C starts uninitialised: the product writes every element (`ProductStart.zero`).
    var completed = true
    let out = [Double](unsafeUninitializedCapacity: m * n) { pc, count in
        count = m * n
        guard count > 0 else { return }
        completed = a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                stridedProduct(
                    m: m, n: n, k: k, a: StridedMatrix(pa.baseAddress!, rowStride: k, columnStride: 1),
                    b: StridedMatrix(pb.baseAddress!, rowStride: n, columnStride: 1), c: pc.baseAddress!,
                    ldc: n, stoppable: true)
            }
        }
    }
    if !completed { throw .stopped }
    var shape: [Int] = []
    if a.rank == 2 { shape.append(m) }
    if b.rank == 2 { shape.append(n) }
    return Tensor(shape: shape, scalars: out)
}

/// A·Bᵀ without forming Bᵀ: A is m×k, B is n×k, the result m×n (what the
/// backward pass of `x·W` needs for the input gradient, `g·Wᵀ`). Rank-3
/// operands are batches as in `matmul`. Throws `.shapeMismatch` unless both
/// are matrices (or batches) with equal last dimensions.
/// - Complexity: O(m·k·n), plus O(k·n) to copy B into panels.
public func matmul(_ a: Tensor, transposed b: Tensor) throws(TensorError) -> Tensor {
    try batchedProduct(a, b, transposingA: false, transposingB: true, operation: "matrix product A·Bᵀ")
}

/// Aᵀ·B without forming Aᵀ: A is k×m, B is k×n, the result m×n (the
/// weight gradient `xᵀ·g`). Rank-3 operands are batches as in `matmul`.
/// - Complexity: O(m·k·n); A is read in place with its columns as rows.
public func matmul(transposed a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try batchedProduct(a, b, transposingA: true, transposingB: false, operation: "matrix product Aᵀ·B")
}

/// Batched product over a leading batch axis (rank 2 or 3 operands; a rank-2
/// side is shared by every batch), optionally reading either side transposed.
func batchedProduct(
    _ a: Tensor, _ b: Tensor, transposingA: Bool, transposingB: Bool, operation: String
) throws(TensorError) -> Tensor {
    guard (2...3).contains(a.rank), (2...3).contains(b.rank) else {
        throw .shapeMismatch(operation: operation, lhs: a.shape, rhs: b.shape)
    }
    let batchA = a.rank == 3 ? a.shape[0] : 1
    let batchB = b.rank == 3 ? b.shape[0] : 1
    guard batchA == batchB || batchA == 1 || batchB == 1 else {
        throw .shapeMismatch(operation: operation, lhs: a.shape, rhs: b.shape)
    }
    let batch = Swift.max(batchA, batchB)
    let (a0, a1) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (b0, b1) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    let (m, k) = transposingA ? (a1, a0) : (a0, a1)
    let (kb, n) = transposingB ? (b1, b0) : (b0, b1)
    guard k == kb else { throw .shapeMismatch(operation: operation, lhs: a.shape, rhs: b.shape) }
    var out = [Double](repeating: 0, count: batch * m * n)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                for t in 0..<batch {
                    let ao = batchA == 1 ? 0 : t * m * k
                    let bo = batchB == 1 ? 0 : t * k * n
                    stridedProduct(
                        m: m, n: n, k: k,
                        a: StridedMatrix(
                            pa.baseAddress! + ao, rowStride: transposingA ? 1 : k,
                            columnStride: transposingA ? m : 1),
                        b: StridedMatrix(
                            pb.baseAddress! + bo, rowStride: transposingB ? 1 : n,
                            columnStride: transposingB ? k : 1),
                        c: pc.baseAddress! + t * m * n, ldc: n)
                }
            }
        }
    }
    let shape = a.rank == 3 || b.rank == 3 ? [batch, m, n] : [m, n]
    return Tensor(shape: shape, scalars: out)
}

/// Batched product over a leading batch axis; a rank-2 side is shared by every batch.
func batchedMatmul(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try batchedProduct(a, b, transposingA: false, transposingB: false, operation: "batched matrix product")
}

/// A read-only matrix in memory: element (i, j) at `base[i·rowStride + j·columnStride]`.
struct StridedMatrix {
    let base: UnsafePointer<Double>
    let rowStride: Int
    let columnStride: Int

    init(_ base: UnsafePointer<Double>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    @inline(__always) subscript(i: Int, j: Int) -> Double { base[i * rowStride + j * columnStride] }
}

/// C (m×n) = A (m×k) · B (k×n), all row-major and contiguous; C is overwritten.
///
/// A register-blocked SIMD kernel (see `tileKernel`, and `KernelPath` for the
/// tile chosen per instruction set): C is cut into tiles of MR rows × NR
/// columns held in vector accumulators (12 × 16 on AVX-512, 4 × 12 on AVX2);
/// the k dimension is cut into blocks of KC (`KernelShape.depthBlock`) so one
/// NR-column panel of B stays in L1 while the row tiles of a block of A (in L2)
/// stream past it. Large products first copy the k-block of B into contiguous
/// panels and each block of MC rows of A into tile-major order (packing: one
/// contiguous stream per operand, no cache-set conflicts at power-of-two
/// strides); small ones read A and B in place, and with nothing packed and all of
/// B within 256 KiB take k in one pass (not in `matmul`, whose KC blocks are its
/// stop polls). Columns left over after the
/// whole-vector panels are dot products of A's rows with a copied column.
/// Every element is a sum over p in increasing order, so results are
/// deterministic for given shapes and path.
/// - Complexity: O(m·n·k).
public func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
) {
    stridedProduct(
        m: m, n: n, k: k, a: StridedMatrix(a, rowStride: k, columnStride: 1),
        b: StridedMatrix(b, rowStride: n, columnStride: 1), c: c, ldc: n)
}

/// The register tiles and cache blocks of one `KernelPath` (BLIS's MR, NR, KC, MC).
struct KernelShape {
    /// MR: the rows of C one register tile covers.
    let tileRows: Int
    /// Doubles per vector register: a power of two, so that the per-call arithmetic on
    /// columns is masks and shifts (five integer divisions cost ~20 ns of a 40 ns product).
    let lanes: Int
    /// log₂ `lanes`.
    var laneShift: Int { lanes.trailingZeroBitCount }
    /// NR / lanes: the vectors across one tile.
    var tileVectors = 2
    /// KC: steps of k per pass of the tile kernel (an NR-column B panel of KC rows stays in L1).
    let depthBlock: Int
    /// KC when A is packed (large products with far-apart rows): each pass over k loads and
    /// stores all of C, which no longer fits in L2 there, so fewer, deeper passes pay more
    /// than keeping the B panel in L1 (the packed A tile streams from L2 either way).
    var packedDepthBlock: Int
    /// MC: rows of A (a block of MC × KC) that stay in L2 while every packed B panel passes.
    let blockRows: Int
    /// A second tile for narrow products, whose width in vectors is in `narrowWidths`:
    /// `narrowRows` rows × min(width, `narrowVectors`) vectors, so that the width is
    /// covered without a ragged last panel (the MLPs' 40-unit layers).
    var narrowWidths: ClosedRange<Int> = 0...0
    var narrowRows = 0
    var narrowVectors = 0

    /// AVX-512: 12 × 16 (24 zmm accumulators), KC 128 (16 KiB panel), MC 96 (96 KiB);
    /// products 24–40 columns wide as 5 × 40 (25 accumulators: each broadcast of A
    /// feeds every column).
    /// AVX2: 4 × 12 (12 of 16 ymm accumulators, 3 for B, 1 broadcast), KC 128 (12 KiB
    /// panel), MC 72; measured ~4 % faster than BLIS's 6 × 8 at n = 256 on the haswell
    /// build (3 × 16 spills). Narrower than 48 columns 5 × 8, which divides 40 and the
    /// 10-row task blocks of W1 (ANIL measured 10 % slower with 4 × 12 there; 6 × 8 left a
    /// 4-row edge tile: 10×40·40×40 and 10×10·10×40 7–14 % slower than with 5 × 8).
    /// BLIS's KC = 256 measured 40 % slower at n = 256: A is read in place at that size,
    /// and the panel beside 6 rows of 2 KiB overflows a 32 KiB L1.
    /// With A packed (n = 1024) a deeper KC: AVX-512 384 (W2 n = 1024 51 → 46 ms CPU time;
    /// 192: 48.5, 256: 47–49, 512: 46–49), AVX2 256 (46.5 → 45–46 ms on the haswell build).
    /// NEON: 6 × 8 (24 of 32 q accumulators), KC 128, MC 72.
    /// Generic: 4 × 8 (8 accumulators, fits 16 registers of 4 doubles), KC 128, MC 64.
    static func of(_ path: KernelPath) -> KernelShape {
        switch path {
        case .avx512:
            KernelShape(
                tileRows: 12, lanes: 8, depthBlock: 128, packedDepthBlock: 384, blockRows: 96,
                narrowWidths: 3...5, narrowRows: 5, narrowVectors: 5)
        case .avx2:
            KernelShape(
                tileRows: 4, lanes: 4, tileVectors: 3, depthBlock: 128, packedDepthBlock: 256, blockRows: 72,
                narrowWidths: 1...11, narrowRows: 5, narrowVectors: 2)
        case .neon: KernelShape(tileRows: 6, lanes: 4, depthBlock: 128, packedDepthBlock: 128, blockRows: 72)
        case .generic:
            KernelShape(tileRows: 4, lanes: 4, depthBlock: 128, packedDepthBlock: 128, blockRows: 64)
        }
    }

    /// The tile (rows, widest in vectors) for a product whose vector part is
    /// `vectorColumns` wide (a multiple of `lanes`).
    func tile(vectorColumns: Int) -> (rows: Int, vectors: Int) {
        let vectors = vectorColumns >> laneShift
        if narrowWidths.contains(vectors) { return (narrowRows, Swift.min(vectors, narrowVectors)) }
        return (tileRows, tileVectors)
    }
}

/// C = A·B (or C += A·B, or C = A·B + 1·biasᵀ; see `ProductStart`) for strided A
/// (m×k) and B (k×n) into row-major C (row stride `ldc`), with the tile of `path`.
/// See `gemm` for the blocking. Returns false only when a `stoppable` product gave up
/// at a stop request (its result is then partial). Inlined at its callers: only the choice between
/// the in-place and the blocked loops is made here, so a small product pays for
/// no more bookkeeping than it needs.
@inline(__always) @discardableResult
func stridedProduct(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix, c: UnsafeMutablePointer<Double>, ldc: Int,
    start: ProductStart = .zero, path: KernelPath = .active, stoppable: Bool = false,
    mask: UnsafePointer<Double>? = nil, ldm: Int = 0
) -> Bool {
    if m == 0 || n == 0 { return true }
    if k == 0 {
        for i in 0..<m {
            switch start {
            case .zero: (c + i * ldc).update(repeating: 0, count: n)
            case .accumulate: break
            case .bias(let bias): (c + i * ldc).update(from: bias, count: n)
            }
        }
        if let mask { multiplyInPlace(m: m, n: n, c: c, ldc: ldc, by: mask, ldm: ldm) }
        return true
    }
    let shape = KernelShape.of(path)
    let lanes = shape.lanes
    let depth = Swift.min(shape.depthBlock, k)
    // Columns covered by panels of whole vectors; the rest are dot products.
    let vectorColumns = n & ~(lanes - 1)
    let (tileRows, maxVectors) = shape.tile(vectorColumns: vectorColumns)
    // Packing pays when a panel is reused by several row tiles and rows are far
    // apart; B must be packed when its rows are not contiguous.
    let large = m > 2 * tileRows
    let packB = (large && b.rowStride >= 64) || b.columnStride != 1
    // A is read in place unless its tile rows are ≥ 4 KiB apart, where they would
    // share one L1 set (8 ways); at n = 256 packing A measured 10 % slower (AVX-512).
    let packA = large && Swift.max(a.rowStride, a.columnStride) >= 512
    // Nothing packed and all of B within 256 KiB (L2): k in one pass, as KC blocks would only
    // add passes over C (ANIL's 40×40 weight gradient over 500 rows: 28.5 → 27.7 µs). A
    // stoppable product keeps its blocks, which are where it polls.
    let wholeDepth = k <= depth || (!stoppable && k * n <= 32_768)
    if !packA && !packB && wholeDepth {
        inPlaceProduct(
            m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, start: start, path: path, lanes: lanes,
            tileRows: tileRows, maxVectors: maxVectors, mask: mask, ldm: ldm)
        return true
    }
    let finished = blockedProduct(
        m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, start: start, path: path, shape: shape,
        tileRows: tileRows, maxVectors: maxVectors, packA: packA, packB: packB, stoppable: stoppable)
    if finished, let mask { multiplyInPlace(m: m, n: n, c: c, ldc: ldc, by: mask, ldm: ldm) }
    return finished
}

/// C (m×n, row stride ldc) ⊙= M (row stride ldm): the epilogue of a masked product where its
/// tiles cannot apply it.
@inline(never)
func multiplyInPlace(
    m: Int, n: Int, c: UnsafeMutablePointer<Double>, ldc: Int, by mask: UnsafePointer<Double>, ldm: Int
) {
    for i in 0..<m {
        let (row, maskRow) = (c + i * ldc, mask + i * ldm)
        for j in 0..<n { row[j] *= maskRow[j] }
    }
}

/// The general case of `stridedProduct`: k in blocks of KC, B (and A) packed as decided there.
@inline(never)
func blockedProduct(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix, c: UnsafeMutablePointer<Double>, ldc: Int,
    start: ProductStart, path: KernelPath, shape: KernelShape, tileRows: Int, maxVectors: Int,
    packA: Bool, packB: Bool, stoppable: Bool = false
) -> Bool {
    let lanes = shape.lanes, laneShift = shape.laneShift
    let depth = Swift.min(packA ? shape.packedDepthBlock : shape.depthBlock, k)
    let vectorColumns = n & ~(lanes - 1)
    // MC: a packed block of A; in place, all of A at once, except that a stoppable product
    // still walks A in blocks of about 256 rows so that its stop polls come often enough.
    // Whole tiles either way: a tile begun at row r of a packed block writes rows r ..< r + MR
    // of it, so with MC = 96 (or 72) and the 5-row narrow tile the last one wrote past the
    // buffer (n = 40 and A's rows ≥ 512 apart), and in place a ragged block edge is a slow tile.
    let wholeTiles = { (rows: Int) in Swift.max(tileRows, rows / tileRows * tileRows) }
    let blockRows = packA ? wholeTiles(shape.blockRows) : stoppable && m > 256 ? wholeTiles(256) : m
    precondition(!packA || blockRows % tileRows == 0, "packed A: \(blockRows) rows, tiles of \(tileRows)")
    let packedBCount = packB ? depth * vectorColumns : 0
    let packedACount = packA ? depth * blockRows : 0
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: packedBCount + packedACount + k) {
        buffer in
        let packedB = buffer.baseAddress!
        let packedA = packedB + packedBCount
        let scratch = packedA + packedACount
        var pc = 0
        while pc < k {
            let kb = Swift.min(depth, k - pc)
            let blockStart = pc == 0 ? start : .accumulate
            if packB {
                // Panel j0 (width ≤ maxVectors·lanes) goes to packedB[j0·kb ...], row stride = width.
                var j0 = 0
                while j0 < vectorColumns {
                    let remaining = (vectorColumns - j0) >> laneShift
                    let width = panelVectors(remaining: remaining, max: maxVectors) << laneShift
                    let target = packedB + j0 * kb
                    if b.columnStride == 1 {
                        let source = b.base + pc * b.rowStride + j0
                        for p in 0..<kb {
                            (target + p * width).update(from: source + p * b.rowStride, count: width)
                        }
                    } else {
                        for j in 0..<width {
                            for p in 0..<kb { target[p * width + j] = b[pc + p, j0 + j] }
                        }
                    }
                    j0 += width
                }
            }
            var ic = 0
            while ic < m {
                // Stop poll: one check per macro-block (one KC × MC block of A against all of B),
                // only for callers that abandon the result when stopped (`matmul`).
                if stoppable, StopCheck.isRequested { return false }
                let rowEnd = Swift.min(ic + blockRows, m)
                if packA {
                    // Tile t (rows ic+MR·t …) goes to packedA[MR·t·kb ...] as kb columns of MR:
                    // element (r, p) at MR·p + r, so the kernel's broadcasts read one stream.
                    var i0 = ic
                    while i0 < rowEnd {
                        let rows = Swift.min(tileRows, rowEnd - i0)
                        packTile(
                            a, rows: rows, tileRows: tileRows, from: i0, depth: kb, at: pc,
                            into: packedA + (i0 - ic) * kb)
                        i0 += tileRows
                    }
                }
                var j0 = 0
                while j0 < vectorColumns {
                    let remaining = (vectorColumns - j0) >> laneShift
                    let width = panelVectors(remaining: remaining, max: maxVectors) << laneShift
                    let panel = packB ? UnsafePointer(packedB + j0 * kb) : b.base + pc * b.rowStride + j0
                    let panelStride = packB ? width : b.rowStride
                    // All full row tiles in one call, then the remaining rows.
                    var i0 = ic
                    while i0 < rowEnd {
                        let rows = Swift.min(tileRows, rowEnd - i0)
                        let tiles = rowEnd - i0 >= 2 * tileRows ? (rowEnd - i0) / tileRows : 1
                        let tileA =
                            packA
                            ? UnsafePointer(packedA + (i0 - ic) * kb)
                            : a.base + i0 * a.rowStride + pc * a.columnStride
                        dispatchTile(
                            path, rows: rows, vectors: width >> laneShift,
                            TileOperands(
                                k: kb, a: tileA, lda: packA ? 1 : a.rowStride,
                                aStep: packA ? tileRows : a.columnStride, b: panel, ldb: panelStride,
                                c: c + i0 * ldc + j0, ldc: ldc, start: blockStart, column: j0, tiles: tiles,
                                aTileStride: packA ? tileRows * kb : tileRows * a.rowStride))
                        i0 += rows * tiles
                    }
                    j0 += width
                }
                ic = rowEnd
            }
            for j in vectorColumns..<n {
                columnTail(
                    m: m, k: kb, pc: pc, a: a, b: b, column: j, c: c + j, ldc: ldc, start: blockStart,
                    scratch: scratch)
            }
            pc += kb
        }
        return true
    }
}

/// The small-product case of `stridedProduct` (one k-block, nothing packed: the
/// MAML workspaces' 10×40·40×40 and alike), without its bookkeeping, which
/// costs as much as the arithmetic at these sizes.
@inline(never)
func inPlaceProduct(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix, c: UnsafeMutablePointer<Double>, ldc: Int,
    start: ProductStart, path: KernelPath, lanes: Int, tileRows: Int, maxVectors: Int,
    mask: UnsafePointer<Double>? = nil, ldm: Int = 0
) {
    let laneShift = lanes.trailingZeroBitCount
    let vectorColumns = n & ~(lanes - 1)
    var j0 = 0
    while j0 < vectorColumns {
        // stop poll: one check per macro-block (here one column panel over all rows of A)
        let vectors = panelVectors(remaining: (vectorColumns - j0) >> laneShift, max: maxVectors)
        var i0 = 0
        while i0 < m {  // all full row tiles in one call, then the remaining rows
            let rows = Swift.min(tileRows, m - i0)
            let tiles = m - i0 >= 2 * tileRows ? (m - i0) / tileRows : 1
            dispatchTile(
                path, rows: rows, vectors: vectors,
                TileOperands(
                    k: k, a: a.base + i0 * a.rowStride, lda: a.rowStride, aStep: a.columnStride,
                    b: b.base + j0, ldb: b.rowStride, c: c + i0 * ldc + j0, ldc: ldc, start: start,
                    column: j0, tiles: tiles, aTileStride: tileRows * a.rowStride,
                    mask: mask.map { $0 + i0 * ldm + j0 }, ldm: ldm))
            i0 += rows * tiles
        }
        j0 += vectors * lanes
    }
    if vectorColumns < n {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { scratch in
            for j in vectorColumns..<n {
                columnTail(
                    m: m, k: k, pc: 0, a: a, b: b, column: j, c: c + j, ldc: ldc, start: start,
                    scratch: scratch.baseAddress!)
                if let mask { for i in 0..<m { c[i * ldc + j] *= mask[i * ldm + j] } }
            }
        }
    }
}

/// The width in vectors of the next column panel when `remaining` vectors of columns are
/// left: `max`, except that a one-vector panel after full panels of three or more is
/// avoided by splitting the last max + 1 vectors in two (on AVX2, n = 256 is 21 panels of
/// 3 vectors and one of 1: that 4 × 1 tile has 4 FMA chains for the FMA latency of 4
/// cycles × 2 pipes, so it ran at half speed; now 20 × 3 + 2 × 2).
@inline(__always)
func panelVectors(remaining: Int, max: Int) -> Int {
    if remaining == max + 1 && max >= 3 { return (remaining + 1) / 2 }
    return Swift.min(max, remaining)
}

/// One column j of C (stride `ldc`) over the k-block starting at `pc`: B's
/// column is copied to `scratch`, then each row of A is a contiguous dot
/// product with it (or, for A read transposed, axpy updates down the column).
@inline(__always)
func columnTail(
    m: Int, k: Int, pc: Int, a: StridedMatrix, b: StridedMatrix, column j: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, start: ProductStart, scratch: UnsafeMutablePointer<Double>
) {
    for p in 0..<k { scratch[p] = b[pc + p, j] }
    switch start {
    case .zero: for i in 0..<m { c[i * ldc] = 0 }
    case .accumulate: break
    case .bias(let bias): for i in 0..<m { c[i * ldc] = bias[j] }
    }
    if a.columnStride == 1 {
        for i in 0..<m {
            c[i * ldc] += contiguousDot(a.base + i * a.rowStride + pc, UnsafePointer(scratch), count: k)
        }
    } else {
        for p in 0..<k {
            let bp = scratch[p]
            for i in 0..<m { c[i * ldc] = c[i * ldc].addingProduct(a[i, pc + p], bp) }
        }
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

/// Copies rows `i0 ..< i0 + rows` of A, columns `pc ..< pc + depth`, into `tile` as `depth`
/// columns of `tileRows` (element (r, p) at `tileRows·p + r`, the order the tile kernel's
/// broadcasts read). The rows are read side by side, one element of each per step: `rows`
/// sequential read streams in flight at once and one contiguous write stream (reading one
/// row at a time waited on each row's cache misses: 8 % of W2 at n = 1024, now 3 %).
@inline(__always)
func packTile(
    _ a: StridedMatrix, rows: Int, tileRows: Int, from i0: Int, depth: Int, at pc: Int,
    into tile: UnsafeMutablePointer<Double>
) {
    let first = a.base + i0 &* a.rowStride + pc &* a.columnStride
    for p in 0..<depth {
        let column = first + p &* a.columnStride
        let target = tile + p &* tileRows
        for r in 0..<rows { target[r] = column[r &* a.rowStride] }
    }
}
