/// C[rows × L·vectors] (=|+=|bias+) A[rows × k] · B[k × L·vectors] for one register tile,
/// where L = `V.scalarCount` (8 on the AVX-512 path, 4 on the others).
///
/// Every accumulator `cR_V` is a `V` that stays in a register: each step `p`
/// loads one row of B (`vectors` vectors) and broadcasts one element of each
/// A row, then issues `rows·vectors` fused multiply-adds. The accumulators start
/// at zero, C or the bias (see `ProductStart`), so each element of C is one FMA
/// chain over p in increasing order. `rows` and `vectors` are compile-time
/// constants at every call site (see `dispatchTile`), so the `if` tests fold away
/// after inlining and only `rows·vectors` accumulators exist; the tile shapes per
/// path are in `KernelShape` and must fit its register file.
/// - Precondition: 1 ≤ rows ≤ 12, 1 ≤ vectors ≤ 5; strides in elements.
@inline(__always)
func tileKernel<V: SIMD>(rows: Int, vectors: Int, _: V.Type, _ o: TileOperands, masked: Bool = false)
where V.Scalar == Double {
    // Folds away: rows and vectors are literals at every call site.
    precondition((1...12).contains(rows) && (1...5).contains(vectors), "tile \(rows) × \(vectors)")
    var c0_0 = V(), c0_1 = V(), c0_2 = V(), c0_3 = V(), c0_4 = V()
    var c1_0 = V(), c1_1 = V(), c1_2 = V(), c1_3 = V(), c1_4 = V()
    var c2_0 = V(), c2_1 = V(), c2_2 = V(), c2_3 = V(), c2_4 = V()
    var c3_0 = V(), c3_1 = V(), c3_2 = V(), c3_3 = V(), c3_4 = V()
    var c4_0 = V(), c4_1 = V(), c4_2 = V(), c4_3 = V(), c4_4 = V()
    var c5_0 = V(), c5_1 = V(), c5_2 = V(), c5_3 = V(), c5_4 = V()
    var c6_0 = V(), c6_1 = V(), c6_2 = V(), c6_3 = V(), c6_4 = V()
    var c7_0 = V(), c7_1 = V(), c7_2 = V(), c7_3 = V(), c7_4 = V()
    var c8_0 = V(), c8_1 = V(), c8_2 = V(), c8_3 = V(), c8_4 = V()
    var c9_0 = V(), c9_1 = V(), c9_2 = V(), c9_3 = V(), c9_4 = V()
    var c10_0 = V(), c10_1 = V(), c10_2 = V(), c10_3 = V(), c10_4 = V()
    var c11_0 = V(), c11_1 = V(), c11_2 = V(), c11_3 = V(), c11_4 = V()
    do { start(row: 0, &c0_0, &c0_1, &c0_2, &c0_3, &c0_4, o, vectors: vectors) }
    if rows > 1 { start(row: 1, &c1_0, &c1_1, &c1_2, &c1_3, &c1_4, o, vectors: vectors) }
    if rows > 2 { start(row: 2, &c2_0, &c2_1, &c2_2, &c2_3, &c2_4, o, vectors: vectors) }
    if rows > 3 { start(row: 3, &c3_0, &c3_1, &c3_2, &c3_3, &c3_4, o, vectors: vectors) }
    if rows > 4 { start(row: 4, &c4_0, &c4_1, &c4_2, &c4_3, &c4_4, o, vectors: vectors) }
    if rows > 5 { start(row: 5, &c5_0, &c5_1, &c5_2, &c5_3, &c5_4, o, vectors: vectors) }
    if rows > 6 { start(row: 6, &c6_0, &c6_1, &c6_2, &c6_3, &c6_4, o, vectors: vectors) }
    if rows > 7 { start(row: 7, &c7_0, &c7_1, &c7_2, &c7_3, &c7_4, o, vectors: vectors) }
    if rows > 8 { start(row: 8, &c8_0, &c8_1, &c8_2, &c8_3, &c8_4, o, vectors: vectors) }
    if rows > 9 { start(row: 9, &c9_0, &c9_1, &c9_2, &c9_3, &c9_4, o, vectors: vectors) }
    if rows > 10 { start(row: 10, &c10_0, &c10_1, &c10_2, &c10_3, &c10_4, o, vectors: vectors) }
    if rows > 11 { start(row: 11, &c11_0, &c11_1, &c11_2, &c11_3, &c11_4, o, vectors: vectors) }
    var ap = o.a
    var bp = UnsafeRawPointer(o.b)
    let (lda, aStep) = (o.lda, o.aStep)
    let bStep = o.ldb * MemoryLayout<Double>.stride
    for _ in 0..<o.k {
        let b = loadRow(bp, V.self, vectors: vectors)
        do { update(&c0_0, &c0_1, &c0_2, &c0_3, &c0_4, ap[0 * lda], b, vectors) }
        if rows > 1 { update(&c1_0, &c1_1, &c1_2, &c1_3, &c1_4, ap[1 * lda], b, vectors) }
        if rows > 2 { update(&c2_0, &c2_1, &c2_2, &c2_3, &c2_4, ap[2 * lda], b, vectors) }
        if rows > 3 { update(&c3_0, &c3_1, &c3_2, &c3_3, &c3_4, ap[3 * lda], b, vectors) }
        if rows > 4 { update(&c4_0, &c4_1, &c4_2, &c4_3, &c4_4, ap[4 * lda], b, vectors) }
        if rows > 5 { update(&c5_0, &c5_1, &c5_2, &c5_3, &c5_4, ap[5 * lda], b, vectors) }
        if rows > 6 { update(&c6_0, &c6_1, &c6_2, &c6_3, &c6_4, ap[6 * lda], b, vectors) }
        if rows > 7 { update(&c7_0, &c7_1, &c7_2, &c7_3, &c7_4, ap[7 * lda], b, vectors) }
        if rows > 8 { update(&c8_0, &c8_1, &c8_2, &c8_3, &c8_4, ap[8 * lda], b, vectors) }
        if rows > 9 { update(&c9_0, &c9_1, &c9_2, &c9_3, &c9_4, ap[9 * lda], b, vectors) }
        if rows > 10 { update(&c10_0, &c10_1, &c10_2, &c10_3, &c10_4, ap[10 * lda], b, vectors) }
        if rows > 11 { update(&c11_0, &c11_1, &c11_2, &c11_3, &c11_4, ap[11 * lda], b, vectors) }
        ap += aStep
        bp += bStep
    }
    do { store(&c0_0, &c0_1, &c0_2, &c0_3, &c0_4, row: 0, o, masked: masked, vectors: vectors) }
    if rows > 1 { store(&c1_0, &c1_1, &c1_2, &c1_3, &c1_4, row: 1, o, masked: masked, vectors: vectors) }
    if rows > 2 { store(&c2_0, &c2_1, &c2_2, &c2_3, &c2_4, row: 2, o, masked: masked, vectors: vectors) }
    if rows > 3 { store(&c3_0, &c3_1, &c3_2, &c3_3, &c3_4, row: 3, o, masked: masked, vectors: vectors) }
    if rows > 4 { store(&c4_0, &c4_1, &c4_2, &c4_3, &c4_4, row: 4, o, masked: masked, vectors: vectors) }
    if rows > 5 { store(&c5_0, &c5_1, &c5_2, &c5_3, &c5_4, row: 5, o, masked: masked, vectors: vectors) }
    if rows > 6 { store(&c6_0, &c6_1, &c6_2, &c6_3, &c6_4, row: 6, o, masked: masked, vectors: vectors) }
    if rows > 7 { store(&c7_0, &c7_1, &c7_2, &c7_3, &c7_4, row: 7, o, masked: masked, vectors: vectors) }
    if rows > 8 { store(&c8_0, &c8_1, &c8_2, &c8_3, &c8_4, row: 8, o, masked: masked, vectors: vectors) }
    if rows > 9 { store(&c9_0, &c9_1, &c9_2, &c9_3, &c9_4, row: 9, o, masked: masked, vectors: vectors) }
    if rows > 10 {
        store(&c10_0, &c10_1, &c10_2, &c10_3, &c10_4, row: 10, o, masked: masked, vectors: vectors)
    }
    if rows > 11 {
        store(&c11_0, &c11_1, &c11_2, &c11_3, &c11_4, row: 11, o, masked: masked, vectors: vectors)
    }
}

/// `o.tiles` register tiles down the rows of C, A advancing by `o.aTileStride` and C by
/// `rows` rows: one call per column panel rather than per tile.
@inline(__always)
func tileRun<V: SIMD>(rows: Int, vectors: Int, _: V.Type, _ o: TileOperands) where V.Scalar == Double {
    // Once per run of tiles: k = 0 is the caller's (the start values alone), and a run is ≥ 1 tile.
    precondition(
        o.k > 0 && o.tiles > 0 && o.ldc >= vectors * V.scalarCount, "tile run: k \(o.k), \(o.tiles) tiles")
    var o = o
    // Two copies of the loop: the unmasked one, nearly every product, has no mask code at all
    // (with it, the AVX2 5 × 2 tile ran 4 % slower).
    if let mask = o.mask {
        o.mask = nil
        var m = mask
        for _ in 0..<o.tiles {
            o.mask = m
            tileKernel(rows: rows, vectors: vectors, V.self, o, masked: true)
            o.a += o.aTileStride
            o.c += rows * o.ldc
            m += rows * o.ldm
        }
    } else {
        for _ in 0..<o.tiles {
            tileKernel(rows: rows, vectors: vectors, V.self, o)
            o.a += o.aTileStride
            o.c += rows * o.ldc
        }
    }
}

/// One row of B: `vectors` consecutive vectors from `p` (the rest zero, unused).
@inline(__always)
func loadRow<V: SIMD>(_ p: UnsafeRawPointer, _: V.Type, vectors: Int) -> (V, V, V, V, V)
where V.Scalar == Double {
    let size = MemoryLayout<V>.size
    return (
        p.loadUnaligned(as: V.self),
        vectors > 1 ? p.loadUnaligned(fromByteOffset: size, as: V.self) : V(),
        vectors > 2 ? p.loadUnaligned(fromByteOffset: 2 * size, as: V.self) : V(),
        vectors > 3 ? p.loadUnaligned(fromByteOffset: 3 * size, as: V.self) : V(),
        vectors > 4 ? p.loadUnaligned(fromByteOffset: 4 * size, as: V.self) : V()
    )
}

/// One row of the tile: cᵥ += a·bᵥ (a broadcast) for the first `vectors` accumulators.
@inline(__always)
func update<V: SIMD>(
    _ c0: inout V, _ c1: inout V, _ c2: inout V, _ c3: inout V, _ c4: inout V,
    _ a: Double, _ b: (V, V, V, V, V), _ vectors: Int
) where V.Scalar == Double {
    let x = V(repeating: a)
    c0 = c0.addingProduct(x, b.0)
    if vectors > 1 { c1 = c1.addingProduct(x, b.1) }
    if vectors > 2 { c2 = c2.addingProduct(x, b.2) }
    if vectors > 3 { c3 = c3.addingProduct(x, b.3) }
    if vectors > 4 { c4 = c4.addingProduct(x, b.4) }
}

/// Sets one row's accumulators to the tile's starting value: zero, that row of C,
/// or the bias (its columns `column ..< column + L·vectors`).
@inline(__always)
func start<V: SIMD>(
    row: Int, _ c0: inout V, _ c1: inout V, _ c2: inout V, _ c3: inout V, _ c4: inout V, _ o: TileOperands,
    vectors: Int
) where V.Scalar == Double {
    let source: UnsafeRawPointer
    switch o.start {
    case .zero: return
    case .accumulate: source = UnsafeRawPointer(o.c + row * o.ldc)
    case .bias(let bias): source = UnsafeRawPointer(bias + o.column)
    }
    (c0, c1, c2, c3, c4) = loadRow(source, V.self, vectors: vectors)
}

/// Writes one row of a register tile (`vectors` vectors), first multiplied elementwise by
/// that row of `o.mask` when there is one (the epilogue C ⊙= M of `gemm`).
@inline(__always)
func store<V: SIMD>(
    _ c0: inout V, _ c1: inout V, _ c2: inout V, _ c3: inout V, _ c4: inout V, row: Int, _ o: TileOperands,
    masked: Bool, vectors: Int
) where V.Scalar == Double {
    if masked, let mask = o.mask {
        let m = loadRow(UnsafeRawPointer(mask + row * o.ldm), V.self, vectors: vectors)
        c0 *= m.0
        if vectors > 1 { c1 *= m.1 }
        if vectors > 2 { c2 *= m.2 }
        if vectors > 3 { c3 *= m.3 }
        if vectors > 4 { c4 *= m.4 }
    }
    let raw = UnsafeMutableRawPointer(o.c + row * o.ldc)
    let size = MemoryLayout<V>.size
    raw.storeBytes(of: c0, as: V.self)
    if vectors > 1 { raw.storeBytes(of: c1, toByteOffset: size, as: V.self) }
    if vectors > 2 { raw.storeBytes(of: c2, toByteOffset: 2 * size, as: V.self) }
    if vectors > 3 { raw.storeBytes(of: c3, toByteOffset: 3 * size, as: V.self) }
    if vectors > 4 { raw.storeBytes(of: c4, toByteOffset: 4 * size, as: V.self) }
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
    /// How many tiles of this height run down the rows (see `tileRun`), and how far
    /// apart their A operands are.
    var tiles = 1
    var aTileStride = 0
    /// When set, C ⊙= M before the store: M's element (r, j) of the tile at `mask[r·ldm + j]`.
    var mask: UnsafePointer<Double>? = nil
    var ldm = 0
}

/// Runs `path`'s tile kernel specialised for `rows` and `vectors` (the shapes of
/// `KernelShape.of(path)`).
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
    /// 1…12 rows × 1–2 vectors (the 12 × 16 tile and its edges), and 1…5 rows × 3–5
    /// vectors (the 5 × 40 tile of narrow products).
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
        case (1, 3): avx512Tile1x3(o)
        case (1, 4): avx512Tile1x4(o)
        case (1, 5): avx512Tile1x5(o)
        case (2, 3): avx512Tile2x3(o)
        case (2, 4): avx512Tile2x4(o)
        case (2, 5): avx512Tile2x5(o)
        case (3, 3): avx512Tile3x3(o)
        case (3, 4): avx512Tile3x4(o)
        case (3, 5): avx512Tile3x5(o)
        case (4, 3): avx512Tile4x3(o)
        case (4, 4): avx512Tile4x4(o)
        case (4, 5): avx512Tile4x5(o)
        case (5, 3): avx512Tile5x3(o)
        case (5, 4): avx512Tile5x4(o)
        case (5, 5): avx512Tile5x5(o)
        default: preconditionFailure("tile \(rows)×\(vectors) out of range")
        }
    }

    @inline(never) @_optimize(size)
    func avx512Tile1x1(_ o: TileOperands) { tileRun(rows: 1, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile1x2(_ o: TileOperands) { tileRun(rows: 1, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile2x1(_ o: TileOperands) { tileRun(rows: 2, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile2x2(_ o: TileOperands) { tileRun(rows: 2, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile3x1(_ o: TileOperands) { tileRun(rows: 3, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile3x2(_ o: TileOperands) { tileRun(rows: 3, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile4x1(_ o: TileOperands) { tileRun(rows: 4, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile4x2(_ o: TileOperands) { tileRun(rows: 4, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile5x1(_ o: TileOperands) { tileRun(rows: 5, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile5x2(_ o: TileOperands) { tileRun(rows: 5, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile6x1(_ o: TileOperands) { tileRun(rows: 6, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile6x2(_ o: TileOperands) { tileRun(rows: 6, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile7x1(_ o: TileOperands) { tileRun(rows: 7, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile7x2(_ o: TileOperands) { tileRun(rows: 7, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile8x1(_ o: TileOperands) { tileRun(rows: 8, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile8x2(_ o: TileOperands) { tileRun(rows: 8, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile9x1(_ o: TileOperands) { tileRun(rows: 9, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile9x2(_ o: TileOperands) { tileRun(rows: 9, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile10x1(_ o: TileOperands) { tileRun(rows: 10, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile10x2(_ o: TileOperands) { tileRun(rows: 10, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile11x1(_ o: TileOperands) { tileRun(rows: 11, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile11x2(_ o: TileOperands) { tileRun(rows: 11, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile12x1(_ o: TileOperands) { tileRun(rows: 12, vectors: 1, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile12x2(_ o: TileOperands) { tileRun(rows: 12, vectors: 2, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile1x3(_ o: TileOperands) { tileRun(rows: 1, vectors: 3, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile1x4(_ o: TileOperands) { tileRun(rows: 1, vectors: 4, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile1x5(_ o: TileOperands) { tileRun(rows: 1, vectors: 5, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile2x3(_ o: TileOperands) { tileRun(rows: 2, vectors: 3, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile2x4(_ o: TileOperands) { tileRun(rows: 2, vectors: 4, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile2x5(_ o: TileOperands) { tileRun(rows: 2, vectors: 5, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile3x3(_ o: TileOperands) { tileRun(rows: 3, vectors: 3, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile3x4(_ o: TileOperands) { tileRun(rows: 3, vectors: 4, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile3x5(_ o: TileOperands) { tileRun(rows: 3, vectors: 5, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile4x3(_ o: TileOperands) { tileRun(rows: 4, vectors: 3, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile4x4(_ o: TileOperands) { tileRun(rows: 4, vectors: 4, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile4x5(_ o: TileOperands) { tileRun(rows: 4, vectors: 5, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile5x3(_ o: TileOperands) { tileRun(rows: 5, vectors: 3, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile5x4(_ o: TileOperands) { tileRun(rows: 5, vectors: 4, SIMD8<Double>.self, o) }
    @inline(never) @_optimize(size)
    func avx512Tile5x5(_ o: TileOperands) { tileRun(rows: 5, vectors: 5, SIMD8<Double>.self, o) }
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
    case (1, 3): avx2Tile1x3(o)
    case (1, 4): avx2Tile1x4(o)
    case (2, 3): avx2Tile2x3(o)
    case (2, 4): avx2Tile2x4(o)
    case (3, 3): avx2Tile3x3(o)
    case (3, 4): avx2Tile3x4(o)
    case (4, 3): avx2Tile4x3(o)
    case (4, 4): avx2Tile4x4(o)
    default: preconditionFailure("tile \(rows)×\(vectors) out of range")
    }
}

@inline(never) @_optimize(size)
func avx2Tile1x1(_ o: TileOperands) { tileRun(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile1x2(_ o: TileOperands) { tileRun(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x1(_ o: TileOperands) { tileRun(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x2(_ o: TileOperands) { tileRun(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x1(_ o: TileOperands) { tileRun(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x2(_ o: TileOperands) { tileRun(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x1(_ o: TileOperands) { tileRun(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x2(_ o: TileOperands) { tileRun(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile5x1(_ o: TileOperands) { tileRun(rows: 5, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile5x2(_ o: TileOperands) { tileRun(rows: 5, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile6x1(_ o: TileOperands) { tileRun(rows: 6, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile6x2(_ o: TileOperands) { tileRun(rows: 6, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile1x3(_ o: TileOperands) { tileRun(rows: 1, vectors: 3, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile1x4(_ o: TileOperands) { tileRun(rows: 1, vectors: 4, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x3(_ o: TileOperands) { tileRun(rows: 2, vectors: 3, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile2x4(_ o: TileOperands) { tileRun(rows: 2, vectors: 4, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x3(_ o: TileOperands) { tileRun(rows: 3, vectors: 3, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile3x4(_ o: TileOperands) { tileRun(rows: 3, vectors: 4, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x3(_ o: TileOperands) { tileRun(rows: 4, vectors: 3, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func avx2Tile4x4(_ o: TileOperands) { tileRun(rows: 4, vectors: 4, SIMD4<Double>.self, o) }

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
    func neonTile1x1(_ o: TileOperands) { tileRun(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile1x2(_ o: TileOperands) { tileRun(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile2x1(_ o: TileOperands) { tileRun(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile2x2(_ o: TileOperands) { tileRun(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile3x1(_ o: TileOperands) { tileRun(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile3x2(_ o: TileOperands) { tileRun(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile4x1(_ o: TileOperands) { tileRun(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile4x2(_ o: TileOperands) { tileRun(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile5x1(_ o: TileOperands) { tileRun(rows: 5, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile5x2(_ o: TileOperands) { tileRun(rows: 5, vectors: 2, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile6x1(_ o: TileOperands) { tileRun(rows: 6, vectors: 1, SIMD4<Double>.self, o) }
    @inline(never) @_optimize(size)
    func neonTile6x2(_ o: TileOperands) { tileRun(rows: 6, vectors: 2, SIMD4<Double>.self, o) }
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
func genericTile1x1(_ o: TileOperands) { tileRun(rows: 1, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile1x2(_ o: TileOperands) { tileRun(rows: 1, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile2x1(_ o: TileOperands) { tileRun(rows: 2, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile2x2(_ o: TileOperands) { tileRun(rows: 2, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile3x1(_ o: TileOperands) { tileRun(rows: 3, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile3x2(_ o: TileOperands) { tileRun(rows: 3, vectors: 2, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile4x1(_ o: TileOperands) { tileRun(rows: 4, vectors: 1, SIMD4<Double>.self, o) }
@inline(never) @_optimize(size)
func genericTile4x2(_ o: TileOperands) { tileRun(rows: 4, vectors: 2, SIMD4<Double>.self, o) }
