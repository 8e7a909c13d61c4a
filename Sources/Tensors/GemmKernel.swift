/// C[rows × L·vectors] (=|+=|bias+) A[rows × k] · B[k × L·vectors] for one register tile,
/// where L = `V.scalarCount` (8 on the AVX-512 path, 4 on the others).
///
/// Every accumulator `cR_V` is a `V` that stays in a register: each step `p`
/// loads one row of B (one or two vectors) and broadcasts one element of each
/// A row, then issues `rows·vectors` fused multiply-adds. The accumulators start
/// at zero, C or the bias (see `ProductStart`), so each element of C is one FMA
/// chain over p in increasing order. `rows` and `vectors` are compile-time
/// constants at every call site (see `dispatchTile`), so the `if` tests fold away
/// after inlining; the tile shape per path is in `KernelShape` (MR = rows ≤ 12,
/// NR = L·vectors ≤ 2L) and must fit its register file.
/// - Precondition: 1 ≤ rows ≤ 12, vectors ∈ {1, 2}; strides in elements.
@inline(__always)
func tileKernel<V: SIMD>(rows: Int, vectors: Int, _: V.Type, _ o: TileOperands) where V.Scalar == Double {
    let (k, a, lda, aStep, b, ldb) = (o.k, o.a, o.lda, o.aStep, o.b, o.ldb)
    var c0_0 = V(), c0_1 = V()
    var c1_0 = V(), c1_1 = V()
    var c2_0 = V(), c2_1 = V()
    var c3_0 = V(), c3_1 = V()
    var c4_0 = V(), c4_1 = V()
    var c5_0 = V(), c5_1 = V()
    var c6_0 = V(), c6_1 = V()
    var c7_0 = V(), c7_1 = V()
    var c8_0 = V(), c8_1 = V()
    var c9_0 = V(), c9_1 = V()
    var c10_0 = V(), c10_1 = V()
    var c11_0 = V(), c11_1 = V()
    do { load(&c0_0, &c0_1, row: 0, o, vectors: vectors) }
    if rows > 1 { load(&c1_0, &c1_1, row: 1, o, vectors: vectors) }
    if rows > 2 { load(&c2_0, &c2_1, row: 2, o, vectors: vectors) }
    if rows > 3 { load(&c3_0, &c3_1, row: 3, o, vectors: vectors) }
    if rows > 4 { load(&c4_0, &c4_1, row: 4, o, vectors: vectors) }
    if rows > 5 { load(&c5_0, &c5_1, row: 5, o, vectors: vectors) }
    if rows > 6 { load(&c6_0, &c6_1, row: 6, o, vectors: vectors) }
    if rows > 7 { load(&c7_0, &c7_1, row: 7, o, vectors: vectors) }
    if rows > 8 { load(&c8_0, &c8_1, row: 8, o, vectors: vectors) }
    if rows > 9 { load(&c9_0, &c9_1, row: 9, o, vectors: vectors) }
    if rows > 10 { load(&c10_0, &c10_1, row: 10, o, vectors: vectors) }
    if rows > 11 { load(&c11_0, &c11_1, row: 11, o, vectors: vectors) }
    var ap = a
    var bp = UnsafeRawPointer(b)
    let bStep = ldb * MemoryLayout<Double>.stride
    let second = V.scalarCount * MemoryLayout<Double>.stride
    for _ in 0..<k {
        let b0 = bp.loadUnaligned(as: V.self)
        let b1 = vectors == 2 ? bp.loadUnaligned(fromByteOffset: second, as: V.self) : V()
        do {
            let x = V(repeating: ap[0 * lda])
            c0_0 = c0_0.addingProduct(x, b0)
            if vectors == 2 { c0_1 = c0_1.addingProduct(x, b1) }
        }
        if rows > 1 {
            let x = V(repeating: ap[1 * lda])
            c1_0 = c1_0.addingProduct(x, b0)
            if vectors == 2 { c1_1 = c1_1.addingProduct(x, b1) }
        }
        if rows > 2 {
            let x = V(repeating: ap[2 * lda])
            c2_0 = c2_0.addingProduct(x, b0)
            if vectors == 2 { c2_1 = c2_1.addingProduct(x, b1) }
        }
        if rows > 3 {
            let x = V(repeating: ap[3 * lda])
            c3_0 = c3_0.addingProduct(x, b0)
            if vectors == 2 { c3_1 = c3_1.addingProduct(x, b1) }
        }
        if rows > 4 {
            let x = V(repeating: ap[4 * lda])
            c4_0 = c4_0.addingProduct(x, b0)
            if vectors == 2 { c4_1 = c4_1.addingProduct(x, b1) }
        }
        if rows > 5 {
            let x = V(repeating: ap[5 * lda])
            c5_0 = c5_0.addingProduct(x, b0)
            if vectors == 2 { c5_1 = c5_1.addingProduct(x, b1) }
        }
        if rows > 6 {
            let x = V(repeating: ap[6 * lda])
            c6_0 = c6_0.addingProduct(x, b0)
            if vectors == 2 { c6_1 = c6_1.addingProduct(x, b1) }
        }
        if rows > 7 {
            let x = V(repeating: ap[7 * lda])
            c7_0 = c7_0.addingProduct(x, b0)
            if vectors == 2 { c7_1 = c7_1.addingProduct(x, b1) }
        }
        if rows > 8 {
            let x = V(repeating: ap[8 * lda])
            c8_0 = c8_0.addingProduct(x, b0)
            if vectors == 2 { c8_1 = c8_1.addingProduct(x, b1) }
        }
        if rows > 9 {
            let x = V(repeating: ap[9 * lda])
            c9_0 = c9_0.addingProduct(x, b0)
            if vectors == 2 { c9_1 = c9_1.addingProduct(x, b1) }
        }
        if rows > 10 {
            let x = V(repeating: ap[10 * lda])
            c10_0 = c10_0.addingProduct(x, b0)
            if vectors == 2 { c10_1 = c10_1.addingProduct(x, b1) }
        }
        if rows > 11 {
            let x = V(repeating: ap[11 * lda])
            c11_0 = c11_0.addingProduct(x, b0)
            if vectors == 2 { c11_1 = c11_1.addingProduct(x, b1) }
        }
        ap += aStep
        bp += bStep
    }
    do { store(c0_0, c0_1, to: o.c + 0 * o.ldc, vectors: vectors) }
    if rows > 1 { store(c1_0, c1_1, to: o.c + 1 * o.ldc, vectors: vectors) }
    if rows > 2 { store(c2_0, c2_1, to: o.c + 2 * o.ldc, vectors: vectors) }
    if rows > 3 { store(c3_0, c3_1, to: o.c + 3 * o.ldc, vectors: vectors) }
    if rows > 4 { store(c4_0, c4_1, to: o.c + 4 * o.ldc, vectors: vectors) }
    if rows > 5 { store(c5_0, c5_1, to: o.c + 5 * o.ldc, vectors: vectors) }
    if rows > 6 { store(c6_0, c6_1, to: o.c + 6 * o.ldc, vectors: vectors) }
    if rows > 7 { store(c7_0, c7_1, to: o.c + 7 * o.ldc, vectors: vectors) }
    if rows > 8 { store(c8_0, c8_1, to: o.c + 8 * o.ldc, vectors: vectors) }
    if rows > 9 { store(c9_0, c9_1, to: o.c + 9 * o.ldc, vectors: vectors) }
    if rows > 10 { store(c10_0, c10_1, to: o.c + 10 * o.ldc, vectors: vectors) }
    if rows > 11 { store(c11_0, c11_1, to: o.c + 11 * o.ldc, vectors: vectors) }
}

/// Sets one row's accumulators to the tile's starting value: zero, that row of C,
/// or the bias (its columns `column ..< column + L·vectors`).
@inline(__always)
func load<V: SIMD>(_ v0: inout V, _ v1: inout V, row: Int, _ o: TileOperands, vectors: Int)
where V.Scalar == Double {
    let second = V.scalarCount * MemoryLayout<Double>.stride
    let source: UnsafeRawPointer
    switch o.start {
    case .zero: return
    case .accumulate: source = UnsafeRawPointer(o.c + row * o.ldc)
    case .bias(let bias): source = UnsafeRawPointer(bias + o.column)
    }
    v0 = source.loadUnaligned(as: V.self)
    if vectors == 2 { v1 = source.loadUnaligned(fromByteOffset: second, as: V.self) }
}

/// Writes one row of a register tile (one or two vectors).
@inline(__always)
func store<V: SIMD>(_ v0: V, _ v1: V, to c: UnsafeMutablePointer<Double>, vectors: Int)
where V.Scalar == Double {
    let raw = UnsafeMutableRawPointer(c)
    raw.storeBytes(of: v0, as: V.self)
    if vectors == 2 { raw.storeBytes(of: v1, toByteOffset: V.scalarCount * 8, as: V.self) }
}

/// The operands of one register tile: C[rows × NR] (=|+=|bias+) A[rows × k] · B[k × NR]
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
    /// Where the accumulators start (zero, C, or the bias from `column` on).
    var start: ProductStart
    /// The tile's first column in C (where its bias columns start).
    var column: Int
}

/// Runs `path`'s tile kernel specialised for `rows` (1…MR) and `vectors` (1, 2).
///
/// Each case calls its own non-inlined function in which `tileKernel` is
/// inlined with literal constants: one branch-free loop per shape. (Inlining
/// all copies into one switch exceeds the optimiser's size budget, and it
/// then falls back to the generic loop with its register spills.)
@inline(__always)
func dispatchTile(_ path: KernelPath, rows: Int, vectors: Int, _ o: TileOperands) {
    switch path {
    case .avx512:
        #if METALAB_AVX512
            avx512Tile(rows: rows, vectors: vectors, o)
        #else
            preconditionFailure("AVX-512 tiles are not compiled into this build")
        #endif
    case .avx2: avx2Tile(rows: rows, vectors: vectors, o)
    case .neon: neonTile(rows: rows, vectors: vectors, o)
    case .generic: genericTile(rows: rows, vectors: vectors, o)
    }
}

#if METALAB_AVX512
    @inline(__always)
    func avx512Tile(rows: Int, vectors: Int, _ o: TileOperands) {
        switch (rows, vectors) {
    case (1, 1): avx512Tile1x1(o)
    case (1, 2): avx512Tile1x2(o)
    case (2, 1): avx512Tile2x1(o)
    case (2, 2): avx512Tile2x2(o)
    case (3, 1): avx512Tile3x1(o)
    case (3, 2): avx512Tile3x2(o)
    case (4, 1): avx512Tile4x1(o)
    case (4, 2): avx512Tile4x2(o)
    case (5, 1): avx512Tile5x1(o)
    case (5, 2): avx512Tile5x2(o)
    case (6, 1): avx512Tile6x1(o)
    case (6, 2): avx512Tile6x2(o)
    case (7, 1): avx512Tile7x1(o)
    case (7, 2): avx512Tile7x2(o)
    case (8, 1): avx512Tile8x1(o)
    case (8, 2): avx512Tile8x2(o)
    case (9, 1): avx512Tile9x1(o)
    case (9, 2): avx512Tile9x2(o)
    case (10, 1): avx512Tile10x1(o)
    case (10, 2): avx512Tile10x2(o)
    case (11, 1): avx512Tile11x1(o)
    case (11, 2): avx512Tile11x2(o)
    case (12, 1): avx512Tile12x1(o)
    case (12, 2): avx512Tile12x2(o)
        default: preconditionFailure("tile \(rows)×\(vectors) out of range")
        }
    }

@inline(never) @_optimize(size)
func avx512Tile1x1(_ o: TileOperands) { tileKernel(rows: 1, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile1x2(_ o: TileOperands) { tileKernel(rows: 1, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile2x1(_ o: TileOperands) { tileKernel(rows: 2, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile2x2(_ o: TileOperands) { tileKernel(rows: 2, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile3x1(_ o: TileOperands) { tileKernel(rows: 3, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile3x2(_ o: TileOperands) { tileKernel(rows: 3, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile4x1(_ o: TileOperands) { tileKernel(rows: 4, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile4x2(_ o: TileOperands) { tileKernel(rows: 4, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile5x1(_ o: TileOperands) { tileKernel(rows: 5, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile5x2(_ o: TileOperands) { tileKernel(rows: 5, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile6x1(_ o: TileOperands) { tileKernel(rows: 6, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile6x2(_ o: TileOperands) { tileKernel(rows: 6, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile7x1(_ o: TileOperands) { tileKernel(rows: 7, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile7x2(_ o: TileOperands) { tileKernel(rows: 7, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile8x1(_ o: TileOperands) { tileKernel(rows: 8, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile8x2(_ o: TileOperands) { tileKernel(rows: 8, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile9x1(_ o: TileOperands) { tileKernel(rows: 9, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile9x2(_ o: TileOperands) { tileKernel(rows: 9, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile10x1(_ o: TileOperands) { tileKernel(rows: 10, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile10x2(_ o: TileOperands) { tileKernel(rows: 10, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile11x1(_ o: TileOperands) { tileKernel(rows: 11, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile11x2(_ o: TileOperands) { tileKernel(rows: 11, vectors: 2, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile12x1(_ o: TileOperands) { tileKernel(rows: 12, vectors: 1, SIMD8<Double>.self, o) }
@inline(never) @_optimize(size)
func avx512Tile12x2(_ o: TileOperands) { tileKernel(rows: 12, vectors: 2, SIMD8<Double>.self, o) }
#endif

@inline(__always)
func avx2Tile(rows: Int, vectors: Int, _ o: TileOperands) {
    switch (rows, vectors) {
    case (1, 1): avx2Tile1x1(o)
    case (1, 2): avx2Tile1x2(o)
    case (2, 1): avx2Tile2x1(o)
    case (2, 2): avx2Tile2x2(o)
    case (3, 1): avx2Tile3x1(o)
    case (3, 2): avx2Tile3x2(o)
    case (4, 1): avx2Tile4x1(o)
    case (4, 2): avx2Tile4x2(o)
    case (5, 1): avx2Tile5x1(o)
    case (5, 2): avx2Tile5x2(o)
    case (6, 1): avx2Tile6x1(o)
    case (6, 2): avx2Tile6x2(o)
    default: preconditionFailure("tile \(rows)×\(vectors) out of range")
    }
}

@inline(never) @_optimize(size)
func avx2Tile1x1(_ o: TileOperands) { tileKernel(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile1x2(_ o: TileOperands) { tileKernel(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x1(_ o: TileOperands) { tileKernel(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x2(_ o: TileOperands) { tileKernel(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x1(_ o: TileOperands) { tileKernel(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x2(_ o: TileOperands) { tileKernel(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x1(_ o: TileOperands) { tileKernel(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x2(_ o: TileOperands) { tileKernel(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile5x1(_ o: TileOperands) { tileKernel(rows: 5, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile5x2(_ o: TileOperands) { tileKernel(rows: 5, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile6x1(_ o: TileOperands) { tileKernel(rows: 6, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile6x2(_ o: TileOperands) { tileKernel(rows: 6, vectors: 2, SIMD4<Double>.self, o) }

/// On arm64 the NEON tile has its own copies (same SIMD4 shape as AVX2 today, so
/// that its block sizes can differ); elsewhere it runs the AVX2-shaped tile.
@inline(__always)
func neonTile(rows: Int, vectors: Int, _ o: TileOperands) {
    #if arch(arm64)
        switch (rows, vectors) {
    case (1, 1): neonTile1x1(o)
    case (1, 2): neonTile1x2(o)
    case (2, 1): neonTile2x1(o)
    case (2, 2): neonTile2x2(o)
    case (3, 1): neonTile3x1(o)
    case (3, 2): neonTile3x2(o)
    case (4, 1): neonTile4x1(o)
    case (4, 2): neonTile4x2(o)
    case (5, 1): neonTile5x1(o)
    case (5, 2): neonTile5x2(o)
    case (6, 1): neonTile6x1(o)
    case (6, 2): neonTile6x2(o)
        default: preconditionFailure("tile \(rows)×\(vectors) out of range")
        }
    #else
        avx2Tile(rows: rows, vectors: vectors, o)
    #endif
}

#if arch(arm64)
@inline(never) @_optimize(size)
func neonTile1x1(_ o: TileOperands) { tileKernel(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile1x2(_ o: TileOperands) { tileKernel(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile2x1(_ o: TileOperands) { tileKernel(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile2x2(_ o: TileOperands) { tileKernel(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile3x1(_ o: TileOperands) { tileKernel(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile3x2(_ o: TileOperands) { tileKernel(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile4x1(_ o: TileOperands) { tileKernel(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile4x2(_ o: TileOperands) { tileKernel(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile5x1(_ o: TileOperands) { tileKernel(rows: 5, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile5x2(_ o: TileOperands) { tileKernel(rows: 5, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile6x1(_ o: TileOperands) { tileKernel(rows: 6, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func neonTile6x2(_ o: TileOperands) { tileKernel(rows: 6, vectors: 2, SIMD4<Double>.self, o) }
#endif

@inline(__always)
func genericTile(rows: Int, vectors: Int, _ o: TileOperands) {
    switch (rows, vectors) {
    case (1, 1): genericTile1x1(o)
    case (1, 2): genericTile1x2(o)
    case (2, 1): genericTile2x1(o)
    case (2, 2): genericTile2x2(o)
    case (3, 1): genericTile3x1(o)
    case (3, 2): genericTile3x2(o)
    case (4, 1): genericTile4x1(o)
    case (4, 2): genericTile4x2(o)
    default: preconditionFailure("tile \(rows)×\(vectors) out of range")
    }
}

@inline(never) @_optimize(size)
func genericTile1x1(_ o: TileOperands) { tileKernel(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile1x2(_ o: TileOperands) { tileKernel(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile2x1(_ o: TileOperands) { tileKernel(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile2x2(_ o: TileOperands) { tileKernel(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile3x1(_ o: TileOperands) { tileKernel(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile3x2(_ o: TileOperands) { tileKernel(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile4x1(_ o: TileOperands) { tileKernel(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile4x2(_ o: TileOperands) { tileKernel(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
