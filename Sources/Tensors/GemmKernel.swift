/// C[rows × 8·vectors] (=|+=) A[rows × k] · B[k × 8·vectors] for one register tile.
///
/// Every accumulator `cR_V` is a `SIMD8<Double>` that stays in a register
/// (12 rows × 2 vectors = 24 of the 32 AVX-512 registers); each step `p`
/// loads one row of B (one or two vectors) and broadcasts one element of
/// each A row, then issues `rows·vectors` fused multiply-adds. `rows` and
/// `vectors` are compile-time constants at every call site (see
/// `dispatchTile`), so the `if` tests fold away after inlining.
/// - Precondition: 1 ≤ rows ≤ 12, vectors ∈ {1, 2}; strides in elements.
@inline(__always)
func tileKernel(rows: Int, vectors: Int, _ o: TileOperands) {
    let (k, a, lda, aStep, b, ldb, c, ldc) = (o.k, o.a, o.lda, o.aStep, o.b, o.ldb, o.c, o.ldc)
    let accumulate = o.accumulate
    var c0_0 = SIMD8<Double>(), c0_1 = SIMD8<Double>()
    var c1_0 = SIMD8<Double>(), c1_1 = SIMD8<Double>()
    var c2_0 = SIMD8<Double>(), c2_1 = SIMD8<Double>()
    var c3_0 = SIMD8<Double>(), c3_1 = SIMD8<Double>()
    var c4_0 = SIMD8<Double>(), c4_1 = SIMD8<Double>()
    var c5_0 = SIMD8<Double>(), c5_1 = SIMD8<Double>()
    var c6_0 = SIMD8<Double>(), c6_1 = SIMD8<Double>()
    var c7_0 = SIMD8<Double>(), c7_1 = SIMD8<Double>()
    var c8_0 = SIMD8<Double>(), c8_1 = SIMD8<Double>()
    var c9_0 = SIMD8<Double>(), c9_1 = SIMD8<Double>()
    var c10_0 = SIMD8<Double>(), c10_1 = SIMD8<Double>()
    var c11_0 = SIMD8<Double>(), c11_1 = SIMD8<Double>()
    var ap = a
    var bp = UnsafeRawPointer(b)
    let bStep = ldb * MemoryLayout<Double>.stride
    for _ in 0..<k {
        let b0 = bp.loadUnaligned(as: SIMD8<Double>.self)
        let b1 = vectors == 2 ? bp.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self) : SIMD8<Double>()
        do {
            let x = SIMD8<Double>(repeating: ap[0 * lda])
            c0_0 = c0_0.addingProduct(x, b0)
            if vectors == 2 { c0_1 = c0_1.addingProduct(x, b1) }
        }
        if rows > 1 {
            let x = SIMD8<Double>(repeating: ap[1 * lda])
            c1_0 = c1_0.addingProduct(x, b0)
            if vectors == 2 { c1_1 = c1_1.addingProduct(x, b1) }
        }
        if rows > 2 {
            let x = SIMD8<Double>(repeating: ap[2 * lda])
            c2_0 = c2_0.addingProduct(x, b0)
            if vectors == 2 { c2_1 = c2_1.addingProduct(x, b1) }
        }
        if rows > 3 {
            let x = SIMD8<Double>(repeating: ap[3 * lda])
            c3_0 = c3_0.addingProduct(x, b0)
            if vectors == 2 { c3_1 = c3_1.addingProduct(x, b1) }
        }
        if rows > 4 {
            let x = SIMD8<Double>(repeating: ap[4 * lda])
            c4_0 = c4_0.addingProduct(x, b0)
            if vectors == 2 { c4_1 = c4_1.addingProduct(x, b1) }
        }
        if rows > 5 {
            let x = SIMD8<Double>(repeating: ap[5 * lda])
            c5_0 = c5_0.addingProduct(x, b0)
            if vectors == 2 { c5_1 = c5_1.addingProduct(x, b1) }
        }
        if rows > 6 {
            let x = SIMD8<Double>(repeating: ap[6 * lda])
            c6_0 = c6_0.addingProduct(x, b0)
            if vectors == 2 { c6_1 = c6_1.addingProduct(x, b1) }
        }
        if rows > 7 {
            let x = SIMD8<Double>(repeating: ap[7 * lda])
            c7_0 = c7_0.addingProduct(x, b0)
            if vectors == 2 { c7_1 = c7_1.addingProduct(x, b1) }
        }
        if rows > 8 {
            let x = SIMD8<Double>(repeating: ap[8 * lda])
            c8_0 = c8_0.addingProduct(x, b0)
            if vectors == 2 { c8_1 = c8_1.addingProduct(x, b1) }
        }
        if rows > 9 {
            let x = SIMD8<Double>(repeating: ap[9 * lda])
            c9_0 = c9_0.addingProduct(x, b0)
            if vectors == 2 { c9_1 = c9_1.addingProduct(x, b1) }
        }
        if rows > 10 {
            let x = SIMD8<Double>(repeating: ap[10 * lda])
            c10_0 = c10_0.addingProduct(x, b0)
            if vectors == 2 { c10_1 = c10_1.addingProduct(x, b1) }
        }
        if rows > 11 {
            let x = SIMD8<Double>(repeating: ap[11 * lda])
            c11_0 = c11_0.addingProduct(x, b0)
            if vectors == 2 { c11_1 = c11_1.addingProduct(x, b1) }
        }
        ap += aStep
        bp += bStep
    }
    do { store(c0_0, c0_1, to: c + 0 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 1 { store(c1_0, c1_1, to: c + 1 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 2 { store(c2_0, c2_1, to: c + 2 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 3 { store(c3_0, c3_1, to: c + 3 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 4 { store(c4_0, c4_1, to: c + 4 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 5 { store(c5_0, c5_1, to: c + 5 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 6 { store(c6_0, c6_1, to: c + 6 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 7 { store(c7_0, c7_1, to: c + 7 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 8 { store(c8_0, c8_1, to: c + 8 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 9 { store(c9_0, c9_1, to: c + 9 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 10 { store(c10_0, c10_1, to: c + 10 * ldc, vectors: vectors, accumulate: accumulate) }
    if rows > 11 { store(c11_0, c11_1, to: c + 11 * ldc, vectors: vectors, accumulate: accumulate) }
}

/// Writes one row of a register tile (one or two vectors), adding to C when `accumulate`.
@inline(__always)
func store(
    _ v0: SIMD8<Double>, _ v1: SIMD8<Double>, to c: UnsafeMutablePointer<Double>, vectors: Int,
    accumulate: Bool
) {
    let raw = UnsafeMutableRawPointer(c)
    if accumulate {
        raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Double>.self) + v0, as: SIMD8<Double>.self)
        if vectors == 2 {
            raw.storeBytes(
                of: raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self) + v1, toByteOffset: 64,
                as: SIMD8<Double>.self)
        }
    } else {
        raw.storeBytes(of: v0, as: SIMD8<Double>.self)
        if vectors == 2 { raw.storeBytes(of: v1, toByteOffset: 64, as: SIMD8<Double>.self) }
    }
}

/// The operands of one register tile: C[rows × 8·vectors] (=|+=) A[rows × k] · B[k × 8·vectors]
/// with strides in elements; A's element (r, p) is at `a[r·lda + p·aStep]`.
struct TileOperands {
    var k: Int
    var a: UnsafePointer<Double>
    /// Distance between rows of A (its row stride, or 1 when packed).
    var lda: Int
    /// Distance between consecutive p in a row of A (1, or the tile height when packed).
    var aStep: Int
    var b: UnsafePointer<Double>
    var ldb: Int
    var c: UnsafeMutablePointer<Double>
    var ldc: Int
    var accumulate: Bool
}

/// Runs the tile kernel specialised for `rows` (1…12) and `vectors` (1, 2).
///
/// Each case calls its own non-inlined function in which `tileKernel` is
/// inlined with literal constants: one branch-free loop per shape. (Inlining
/// all 24 copies into one switch exceeds the optimiser's size budget, and it
/// then falls back to the generic loop with its register spills.)
@inline(__always)
func dispatchTile(rows: Int, vectors: Int, _ o: TileOperands) {
    switch (rows, vectors) {
    case (1, 1): tile1x1(o)
    case (1, 2): tile1x2(o)
    case (2, 1): tile2x1(o)
    case (2, 2): tile2x2(o)
    case (3, 1): tile3x1(o)
    case (3, 2): tile3x2(o)
    case (4, 1): tile4x1(o)
    case (4, 2): tile4x2(o)
    case (5, 1): tile5x1(o)
    case (5, 2): tile5x2(o)
    case (6, 1): tile6x1(o)
    case (6, 2): tile6x2(o)
    case (7, 1): tile7x1(o)
    case (7, 2): tile7x2(o)
    case (8, 1): tile8x1(o)
    case (8, 2): tile8x2(o)
    case (9, 1): tile9x1(o)
    case (9, 2): tile9x2(o)
    case (10, 1): tile10x1(o)
    case (10, 2): tile10x2(o)
    case (11, 1): tile11x1(o)
    case (11, 2): tile11x2(o)
    case (12, 1): tile12x1(o)
    case (12, 2): tile12x2(o)
    default: preconditionFailure("tile \(rows)×\(vectors) out of range")
    }
}

@inline(never) @_optimize(size) func tile1x1(_ o: TileOperands) { tileKernel(rows: 1, vectors: 1, o) }
@inline(never) @_optimize(size) func tile1x2(_ o: TileOperands) { tileKernel(rows: 1, vectors: 2, o) }
@inline(never) @_optimize(size) func tile2x1(_ o: TileOperands) { tileKernel(rows: 2, vectors: 1, o) }
@inline(never) @_optimize(size) func tile2x2(_ o: TileOperands) { tileKernel(rows: 2, vectors: 2, o) }
@inline(never) @_optimize(size) func tile3x1(_ o: TileOperands) { tileKernel(rows: 3, vectors: 1, o) }
@inline(never) @_optimize(size) func tile3x2(_ o: TileOperands) { tileKernel(rows: 3, vectors: 2, o) }
@inline(never) @_optimize(size) func tile4x1(_ o: TileOperands) { tileKernel(rows: 4, vectors: 1, o) }
@inline(never) @_optimize(size) func tile4x2(_ o: TileOperands) { tileKernel(rows: 4, vectors: 2, o) }
@inline(never) @_optimize(size) func tile5x1(_ o: TileOperands) { tileKernel(rows: 5, vectors: 1, o) }
@inline(never) @_optimize(size) func tile5x2(_ o: TileOperands) { tileKernel(rows: 5, vectors: 2, o) }
@inline(never) @_optimize(size) func tile6x1(_ o: TileOperands) { tileKernel(rows: 6, vectors: 1, o) }
@inline(never) @_optimize(size) func tile6x2(_ o: TileOperands) { tileKernel(rows: 6, vectors: 2, o) }
@inline(never) @_optimize(size) func tile7x1(_ o: TileOperands) { tileKernel(rows: 7, vectors: 1, o) }
@inline(never) @_optimize(size) func tile7x2(_ o: TileOperands) { tileKernel(rows: 7, vectors: 2, o) }
@inline(never) @_optimize(size) func tile8x1(_ o: TileOperands) { tileKernel(rows: 8, vectors: 1, o) }
@inline(never) @_optimize(size) func tile8x2(_ o: TileOperands) { tileKernel(rows: 8, vectors: 2, o) }
@inline(never) @_optimize(size) func tile9x1(_ o: TileOperands) { tileKernel(rows: 9, vectors: 1, o) }
@inline(never) @_optimize(size) func tile9x2(_ o: TileOperands) { tileKernel(rows: 9, vectors: 2, o) }
@inline(never) @_optimize(size) func tile10x1(_ o: TileOperands) { tileKernel(rows: 10, vectors: 1, o) }
@inline(never) @_optimize(size) func tile10x2(_ o: TileOperands) { tileKernel(rows: 10, vectors: 2, o) }
@inline(never) @_optimize(size) func tile11x1(_ o: TileOperands) { tileKernel(rows: 11, vectors: 1, o) }
@inline(never) @_optimize(size) func tile11x2(_ o: TileOperands) { tileKernel(rows: 11, vectors: 2, o) }
@inline(never) @_optimize(size) func tile12x1(_ o: TileOperands) { tileKernel(rows: 12, vectors: 1, o) }
@inline(never) @_optimize(size) func tile12x2(_ o: TileOperands) { tileKernel(rows: 12, vectors: 2, o) }
