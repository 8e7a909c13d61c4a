// Products on raw Float64 buffers (no allocation per call) for the MAML and ANIL workspaces.

/// How a raw-buffer product starts its output block.
public enum ProductStart {
    /// C = A·B.
    case zero
    /// C += A·B.
    case accumulate
    /// C = A·B + 1·bᵀ: every row starts from the bias vector (length n).
    case bias(UnsafePointer<Double>)

    var isBias: Bool {
        if case .bias = self { return true }
        return false
    }
}

/// C (m×n, row stride `ldc`) = A·B (or += / + bias, see `ProductStart`), on raw
/// buffers: the one product of the MAML and ANIL workspaces.
///
/// A is m×k with element (i, p) at `a[i·ars + p·acs]`, so A can be read
/// transposed for free: `ars = 1, acs = lda` gives C = Aᵀ·B, the form of a
/// weight gradient Hᵀ·G. B is k×n row-major with row stride `ldb`. A single
/// output column is a matrix-vector product, k = 1 an outer product and a single row a
/// vector-matrix product (the sinusoid MLP's one input and one output: direct loops, as
/// the tile machinery's bookkeeping cost as much as these products' arithmetic); everything else goes
/// through the blocked kernel of `stridedProduct` with the tile of `path` (nil:
/// `KernelPath.active`, looked up only there, not at every call of a direct product: 1–3 ns of
/// 30–50). Every element is still one FMA chain over p in order.
/// With `mask` M (m×n, row stride `ldm`), C ⊙= M afterwards, applied by the tiles as they store
/// (a backpropagated signal times σ′ without a pass of its own).
/// - Precondition: m, n, k ≥ 0 and C's rows do not overlap (ldc ≥ n).
/// - Complexity: O(m·n·k).
@inline(never)
public func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, ars: Int, acs: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    initial: ProductStart, path: KernelPath? = nil, mask: UnsafePointer<Double>? = nil, ldm: Int = 0
) {
    precondition(m >= 0 && n >= 0 && k >= 0 && ldc >= n, "gemm: \(m)×\(k)·\(k)×\(n), ldc \(ldc)")
    precondition(mask == nil || ldm >= n, "gemm: mask row stride \(ldm) < \(n)")
    if n == 1 {
        // A single output column: a matrix-vector product, vectorised along k or along m.
        if acs == 1 && ldb == 1 {
            matrixVector(m: m, k: k, a: a, lda: ars, x: b, y: c, incy: ldc, initial: initial)
            if let mask { multiplyInPlace(m: m, n: n, c: c, ldc: ldc, by: mask, ldm: ldm) }
            return
        }
        if ars == 1 && ldc == 1 && !initial.isBias {
            // y_i = Σ_p A(i,p) b_p with A(i,p) at a[i + p·acs], rows contiguous in i.
            transposedMatrixVector(m: m, k: k, a: a, lda: acs, x: b, incx: ldb, y: c, initial: initial)
            if let mask { multiplyInPlace(m: m, n: n, c: c, ldc: ldc, by: mask, ldm: ldm) }
            return
        }
    }
    if k == 1 {
        outerProduct(
            m: m, n: n, a: a, incx: ars, b: b, c: c, ldc: ldc, initial: initial, mask: mask, ldm: ldm)
        return
    }
    if m == 1 {
        vectorMatrix(n: n, k: k, x: a, incx: acs, b: b, ldb: ldb, c: c, initial: initial, mask: mask)
        return
    }
    stridedProduct(
        m: m, n: n, k: k, a: StridedMatrix(a, rowStride: ars, columnStride: acs),
        b: StridedMatrix(b, rowStride: ldb, columnStride: 1), c: c, ldc: ldc, start: initial,
        path: path ?? .active, mask: mask, ldm: ldm)
}

/// C (m×n, row-major, contiguous) = scale · (A·Bᵀ + shift) for A m×k and B n×k,
/// both row-major and contiguous: the Gram matrix of two row sets (k is the
/// shared width). Blocks of 2 rows of A × 5 rows of B (ten `SIMD4` dot products in
/// flight, 13 of 16 vector registers, so that the ten FMA chains hide each other's
/// latency; the support and query sets of W1 are 10 rows); rows and columns left
/// over are single dot products.
/// - Complexity: O(m·n·k).
@inline(never)
public func gram(
    m: Int, n: Int, k: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, scale: Double, shift: Double
) {
    var i = 0
    while i + 2 <= m {
        var j = 0
        while j + 5 <= n {
            gramBlock2x5(
                k: k, a: a + i * k, b: b + j * k, c: c + i * n + j, ldc: n, scale: scale, shift: shift)
            j += 5
        }
        while j < n {
            c[i * n + j] = scale * (dot(a + i * k, b + j * k, count: k) + shift)
            c[(i + 1) * n + j] = scale * (dot(a + (i + 1) * k, b + j * k, count: k) + shift)
            j += 1
        }
        i += 2
    }
    if i < m {
        for j in 0..<n { c[i * n + j] = scale * (dot(a + i * k, b + j * k, count: k) + shift) }
    }
}

/// C[2 × 5] = scale · (A[2 × k] · B[5 × k]ᵀ + shift), rows of A and B contiguous (stride k):
/// four lanes of p per step into ten accumulators, then each summed and the tail added in order.
/// Unrolled by hand on purpose (ten independent chains; a loop over the five columns measured
/// twice as slow for the MAML workspaces' 10×10, k = 40 Gram matrices: 470 → 233 ns).
@inline(__always)
func gramBlock2x5(
    k: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
    scale: Double, shift: Double
) {
    let a0 = a, a1 = a + k
    let b0 = b, b1 = b + k, b2 = b + 2 * k, b3 = b + 3 * k, b4 = b + 4 * k
    var s00 = SIMD4<Double>(), s01 = SIMD4<Double>(), s02 = SIMD4<Double>(), s03 = SIMD4<Double>()
    var s04 = SIMD4<Double>(), s10 = SIMD4<Double>(), s11 = SIMD4<Double>(), s12 = SIMD4<Double>()
    var s13 = SIMD4<Double>(), s14 = SIMD4<Double>()
    let vectorEnd = k & ~3
    var p = 0
    while p < vectorEnd {
        let x0 = load4(a0 + p), x1 = load4(a1 + p)
        let y0 = load4(b0 + p)
        s00.addProduct(x0, y0)
        s10.addProduct(x1, y0)
        let y1 = load4(b1 + p)
        s01.addProduct(x0, y1)
        s11.addProduct(x1, y1)
        let y2 = load4(b2 + p)
        s02.addProduct(x0, y2)
        s12.addProduct(x1, y2)
        let y3 = load4(b3 + p)
        s03.addProduct(x0, y3)
        s13.addProduct(x1, y3)
        let y4 = load4(b4 + p)
        s04.addProduct(x0, y4)
        s14.addProduct(x1, y4)
        p += 4
    }
    var r0 = (s00.sum(), s01.sum(), s02.sum(), s03.sum(), s04.sum())
    var r1 = (s10.sum(), s11.sum(), s12.sum(), s13.sum(), s14.sum())
    while p < k {
        let (x0, x1) = (a0[p], a1[p])
        r0.0 = r0.0.addingProduct(x0, b0[p])
        r0.1 = r0.1.addingProduct(x0, b1[p])
        r0.2 = r0.2.addingProduct(x0, b2[p])
        r0.3 = r0.3.addingProduct(x0, b3[p])
        r0.4 = r0.4.addingProduct(x0, b4[p])
        r1.0 = r1.0.addingProduct(x1, b0[p])
        r1.1 = r1.1.addingProduct(x1, b1[p])
        r1.2 = r1.2.addingProduct(x1, b2[p])
        r1.3 = r1.3.addingProduct(x1, b3[p])
        r1.4 = r1.4.addingProduct(x1, b4[p])
        p += 1
    }
    let c1 = c + ldc
    c[0] = scale * (r0.0 + shift)
    c[1] = scale * (r0.1 + shift)
    c[2] = scale * (r0.2 + shift)
    c[3] = scale * (r0.3 + shift)
    c[4] = scale * (r0.4 + shift)
    c1[0] = scale * (r1.0 + shift)
    c1[1] = scale * (r1.1 + shift)
    c1[2] = scale * (r1.2 + shift)
    c1[3] = scale * (r1.3 + shift)
    c1[4] = scale * (r1.4 + shift)
}

/// y (m, stride incy) (=|+=|bias+) A·x for A m×k with contiguous rows (row stride lda), x contiguous:
/// eight-wide dot products, four rows at a time.
@inline(__always)
func matrixVector(
    m: Int, k: Int, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
    y: UnsafeMutablePointer<Double>, incy: Int, initial: ProductStart
) {
    let vectorEnd = k & ~7
    @inline(__always) func start(_ i: Int) -> Double {
        switch initial {
        case .zero: return 0
        case .accumulate: return y[i * incy]
        case .bias(let bias): return bias[0]
        }
    }
    var i = 0
    while i + 4 <= m {
        let a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
        var s0 = SIMD8<Double>.zero, s1 = SIMD8<Double>.zero, s2 = SIMD8<Double>.zero, s3 = SIMD8<Double>.zero
        var p = 0
        while p < vectorEnd {
            let xv = load8(x + p)
            s0.addProduct(load8(a0 + p), xv)
            s1.addProduct(load8(a1 + p), xv)
            s2.addProduct(load8(a2 + p), xv)
            s3.addProduct(load8(a3 + p), xv)
            p += 8
        }
        var (r0, r1, r2, r3) = (s0.sum(), s1.sum(), s2.sum(), s3.sum())
        while p < k {
            r0 = r0.addingProduct(a0[p], x[p])
            r1 = r1.addingProduct(a1[p], x[p])
            r2 = r2.addingProduct(a2[p], x[p])
            r3 = r3.addingProduct(a3[p], x[p])
            p += 1
        }
        y[i * incy] = start(i) + r0
        y[(i + 1) * incy] = start(i + 1) + r1
        y[(i + 2) * incy] = start(i + 2) + r2
        y[(i + 3) * incy] = start(i + 3) + r3
        i += 4
    }
    while i < m {
        y[i * incy] = start(i) + dot(a + i * lda, x, count: k)
        i += 1
    }
}

/// y (m, contiguous) (=|+=) Aᵀ-read x: y_i = Σ_p a[i + p·lda]·x[p·incx], the weight gradient of
/// a one-output layer (Hᵀg): forty elements of y (five `SIMD8` accumulators) at a time over p
/// in increasing order, then eight, then single elements.
@inline(never)
func transposedMatrixVector(
    m: Int, k: Int, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>, incx: Int,
    y: UnsafeMutablePointer<Double>, initial: ProductStart
) {
    let accumulate: Bool
    switch initial {
    case .zero: accumulate = false
    case .accumulate: accumulate = true
    case .bias: preconditionFailure("transposedMatrixVector starts from zero or y")
    }
    @inline(__always) func startVector(_ i: Int) -> SIMD8<Double> { accumulate ? load8(y + i) : .zero }
    var i = 0
    while i + 40 <= m {
        var s0 = startVector(i), s1 = startVector(i + 8), s2 = startVector(i + 16)
        var s3 = startVector(i + 24), s4 = startVector(i + 32)
        var column = a + i
        for p in 0..<k {
            let xp = SIMD8<Double>(repeating: x[p * incx])
            s0.addProduct(xp, load8(column))
            s1.addProduct(xp, load8(column + 8))
            s2.addProduct(xp, load8(column + 16))
            s3.addProduct(xp, load8(column + 24))
            s4.addProduct(xp, load8(column + 32))
            column += lda
        }
        store8(s0, y + i)
        store8(s1, y + i + 8)
        store8(s2, y + i + 16)
        store8(s3, y + i + 24)
        store8(s4, y + i + 32)
        i += 40
    }
    while i + 8 <= m {
        var s = startVector(i)
        for p in 0..<k { s.addProduct(SIMD8(repeating: x[p * incx]), load8(a + i + p * lda)) }
        store8(s, y + i)
        i += 8
    }
    while i < m {
        var s = accumulate ? y[i] : 0
        for p in 0..<k { s = s.addingProduct(a[i + p * lda], x[p * incx]) }
        y[i] = s
        i += 1
    }
}

/// C (m×n, row stride ldc) (=|+=|bias+) x·bᵀ for x (m, stride incx) and b (n, contiguous),
/// then C ⊙= M if `mask` (row stride ldm) is given: the product with k = 1, one fused
/// multiply-add per element as in the tile kernels, the mask applied as each row is stored.
/// Forty columns at a time with b's (and the bias's) five vectors held in registers, row after
/// row (C written as a stream: 500 × 40 + bias 2.0 µs, the 5 × 40 tiles 2.7), then eight, then one.
@inline(never)
func outerProduct(
    m: Int, n: Int, a x: UnsafePointer<Double>, incx: Int, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, initial: ProductStart,
    mask: UnsafePointer<Double>? = nil, ldm: Int = 0
) {
    typealias Five = (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>)
    @inline(__always) func five(_ p: UnsafePointer<Double>) -> Five {
        (load8(p), load8(p + 8), load8(p + 16), load8(p + 24), load8(p + 32))
    }
    /// row[0 ..< 40] = (start + x·b) ⊙ mask row, one FMA per element.
    @inline(__always) func store(
        _ start: Five, _ x: Double, _ b: Five, _ row: UnsafeMutablePointer<Double>,
        _ m: UnsafePointer<Double>?
    ) {
        let xv = SIMD8<Double>(repeating: x)
        var r = (
            start.0.addingProduct(xv, b.0), start.1.addingProduct(xv, b.1), start.2.addingProduct(xv, b.2),
            start.3.addingProduct(xv, b.3), start.4.addingProduct(xv, b.4)
        )
        if let m {
            let f = five(m)
            r = (r.0 * f.0, r.1 * f.1, r.2 * f.2, r.3 * f.3, r.4 * f.4)
        }
        store8(r.0, row)
        store8(r.1, row + 8)
        store8(r.2, row + 16)
        store8(r.3, row + 24)
        store8(r.4, row + 32)
    }
    @inline(__always) func maskAt(_ i: Int, _ j: Int) -> UnsafePointer<Double>? {
        mask.map { $0 + i * ldm + j }
    }
    var bias: UnsafePointer<Double>? = nil
    if case .bias(let pointer) = initial { bias = pointer }
    let accumulate: Bool
    if case .accumulate = initial { accumulate = true } else { accumulate = false }
    var j = 0
    while j + 40 <= n {
        let bj = five(b + j)
        if accumulate {
            for i in 0..<m { store(five(c + i * ldc + j), x[i * incx], bj, c + i * ldc + j, maskAt(i, j)) }
        } else {
            // Zero or the bias: the same start for every row.
            let start = bias.map { five($0 + j) } ?? (.zero, .zero, .zero, .zero, .zero)
            for i in 0..<m { store(start, x[i * incx], bj, c + i * ldc + j, maskAt(i, j)) }
        }
        j += 40
    }
    while j + 8 <= n {
        let bj = load8(b + j)
        let start = bias.map { load8($0 + j) } ?? .zero
        for i in 0..<m {
            let cij = c + i * ldc + j
            let from = accumulate ? load8(cij) : start
            let r = from.addingProduct(SIMD8(repeating: x[i * incx]), bj)
            store8(maskAt(i, j).map { r * load8($0) } ?? r, cij)
        }
        j += 8
    }
    while j < n {
        for i in 0..<m {
            let start = accumulate ? c[i * ldc + j] : bias?[j] ?? 0
            let r = start.addingProduct(x[i * incx], b[j])
            c[i * ldc + j] = maskAt(i, j).map { r * $0[0] } ?? r
        }
        j += 1
    }
}

/// c (1×n) (=|+=|bias+) x·B for x (k, stride incx) and B k×n (row stride ldb), then c ⊙= mask
/// if given: the product with m = 1, a sum of B's rows scaled by x (a first layer's weight
/// gradient, 1×n over k rows). Each element one FMA chain over p in order, as in the tiles;
/// forty columns at a time in five registers, then eight, then one.
@inline(never)
func vectorMatrix(
    n: Int, k: Int, x: UnsafePointer<Double>, incx: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, initial: ProductStart, mask: UnsafePointer<Double>?
) {
    @inline(__always) func start8(_ j: Int) -> SIMD8<Double> {
        switch initial {
        case .zero: return .zero
        case .accumulate: return load8(c + j)
        case .bias(let bias): return load8(bias + j)
        }
    }
    @inline(__always) func finish(_ v: SIMD8<Double>, _ j: Int) {
        store8(mask.map { v * load8($0 + j) } ?? v, c + j)
    }
    var j = 0
    while j + 40 <= n {
        var (s0, s1, s2, s3, s4) = (start8(j), start8(j + 8), start8(j + 16), start8(j + 24), start8(j + 32))
        for p in 0..<k {
            let xv = SIMD8<Double>(repeating: x[p * incx]), row = b + p * ldb + j
            s0 = s0.addingProduct(xv, load8(row))
            s1 = s1.addingProduct(xv, load8(row + 8))
            s2 = s2.addingProduct(xv, load8(row + 16))
            s3 = s3.addingProduct(xv, load8(row + 24))
            s4 = s4.addingProduct(xv, load8(row + 32))
        }
        finish(s0, j)
        finish(s1, j + 8)
        finish(s2, j + 16)
        finish(s3, j + 24)
        finish(s4, j + 32)
        j += 40
    }
    while j + 8 <= n {
        var s = start8(j)
        for p in 0..<k { s = s.addingProduct(SIMD8(repeating: x[p * incx]), load8(b + p * ldb + j)) }
        finish(s, j)
        j += 8
    }
    while j < n {
        var s: Double
        switch initial {
        case .zero: s = 0
        case .accumulate: s = c[j]
        case .bias(let bias): s = bias[j]
        }
        for p in 0..<k { s = s.addingProduct(x[p * incx], b[p * ldb + j]) }
        c[j] = mask.map { s * $0[j] } ?? s
        j += 1
    }
}

/// Σₚ a[p]·b[p] over `count` contiguous elements: eight lanes of fused multiply-adds, then
/// the tail in order (the one dot product behind `gram` and the row tail of `matrixVector`).
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count k: Int) -> Double {
    let vectorEnd = k & ~7
    var acc = SIMD8<Double>.zero
    var p = 0
    while p < vectorEnd {
        acc.addProduct(load8(a + p), load8(b + p))
        p += 8
    }
    var s = acc.sum()
    while p < k {
        s = s.addingProduct(a[p], b[p])
        p += 1
    }
    return s
}

@inline(__always)
func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always)
func load8(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
}
