// Dense kernels on raw Float64 buffers for the MAML engine. Everything here works on
// preallocated memory owned by a `MAMLWorkspace`: no allocation per operation.

/// How `gemm` starts the output block.
enum Initial {
    /// C = A·B.
    case zero
    /// C += A·B.
    case accumulate
    /// C = A·B + 1·bᵀ: every row starts from the bias vector (length n).
    case bias(UnsafePointer<Double>)
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

/// C (m×n, row stride `ldc`) = A·B (or += / + bias, see `Initial`).
///
/// A is m×k with element (i, p) at `a[i·ars + p·acs]`, so A can be read
/// transposed for free: `ars = 1, acs = lda` gives C = Aᵀ·B, the form of a
/// weight gradient Hᵀ·G. B is k×n row-major with row stride `ldb`.
/// Blocks of 5 rows × 40 columns keep 25 accumulators in AVX-512 registers
/// (the MLP's 40-unit layers); remaining columns go 8 at a time, then scalar.
/// - Complexity: O(m·n·k).
@inline(never)
func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, ars: Int, acs: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    initial: Initial
) {
    var j = 0
    while j + 40 <= n {
        var i = 0
        while i + 5 <= m {
            block5x40(k, a + i * ars, ars, acs, b + j, ldb, c + i * ldc + j, ldc, initial, j)
            i += 5
        }
        while i < m {
            block1x40(k, a + i * ars, ars, acs, b + j, ldb, c + i * ldc + j, ldc, initial, j)
            i += 1
        }
        j += 40
    }
    while j + 8 <= n {
        var i = 0
        while i + 5 <= m {
            block5x8(k, a + i * ars, ars, acs, b + j, ldb, c + i * ldc + j, ldc, initial, j)
            i += 5
        }
        while i < m {
            block1x8(k, a + i * ars, ars, acs, b + j, ldb, c + i * ldc + j, ldc, initial, j)
            i += 1
        }
        j += 8
    }
    while j < n {
        for i in 0..<m {
            var s: Double
            switch initial {
            case .zero: s = 0
            case .accumulate: s = c[i * ldc + j]
            case .bias(let bias): s = bias[j]
            }
            var ap = a + i * ars
            var bp = b + j
            for _ in 0..<k {
                s = s.addingProduct(ap.pointee, bp.pointee)
                ap += acs
                bp += ldb
            }
            c[i * ldc + j] = s
        }
        j += 1
    }
}

/// B (n×m) = Aᵀ for a row-major m×n matrix A.
@inline(__always)
func transpose(_ a: UnsafePointer<Double>, rows m: Int, columns n: Int, into b: UnsafeMutablePointer<Double>) {
    for i in 0..<m {
        for j in 0..<n { b[j * m + i] = a[i * n + j] }
    }
}

/// out[j] (+)= Σ_r g[r·n + j]: column sums of an r×n matrix (a bias gradient).
@inline(__always)
func columnSums(_ g: UnsafePointer<Double>, rows: Int, columns n: Int,
                into out: UnsafeMutablePointer<Double>, accumulate: Bool) {
    if !accumulate { out.initialize(repeating: 0, count: n) }
    for r in 0..<rows {
        let row = g + r * n
        for j in 0..<n { out[j] += row[j] }
    }
}

/// C (m×n, row-major, contiguous) = scale · (A·Bᵀ + shift) for A m×k and B n×k,
/// both row-major and contiguous: the Gram matrix of two row sets (k is the
/// shared width). Eight-wide dot products with a scalar tail.
/// - Complexity: O(m·n·k).
@inline(never)
func gram(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
          c: UnsafeMutablePointer<Double>, scale: Double, shift: Double) {
    let vectorEnd = k & ~7
    for i in 0..<m {
        let ai = a + i * k
        for j in 0..<n {
            let bj = b + j * k
            var acc = SIMD8<Double>.zero
            var p = 0
            while p < vectorEnd {
                acc.addProduct(load8(ai + p), load8(bj + p))
                p += 8
            }
            var s = acc.sum()
            while p < k {
                s = s.addingProduct(ai[p], bj[p])
                p += 1
            }
            c[i * n + j] = scale * (s + shift)
        }
    }
}
