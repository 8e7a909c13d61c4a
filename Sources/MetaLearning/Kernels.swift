// Dense helpers on raw Float64 buffers for the MAML engine (the products themselves are
// Tensors' `gemm`, `gram` and `matrixVector`). Everything here works on preallocated
// memory owned by a `MAMLWorkspace`: no allocation per operation.

import NeuralNets
import RealModule

/// B (n×m) = Aᵀ for a row-major m×n matrix A.
@inline(__always)
func transpose(_ a: UnsafePointer<Double>, rows m: Int, columns n: Int, into b: UnsafeMutablePointer<Double>)
{
    for i in 0..<m {
        for j in 0..<n { b[j * m + i] = a[i * n + j] }
    }
}

/// out[j] (+)= Σ_r g[r·n + j]: column sums of an r×n matrix (a bias gradient). Each
/// element is added row after row, in order; the running sums stay in registers across the
/// rows, four vectors of eight columns side by side so that their addition chains overlap
/// (accumulating through `out` in memory waited on a store per row).
@inline(__always)
func columnSums(
    _ g: UnsafePointer<Double>, rows: Int, columns n: Int,
    into out: UnsafeMutablePointer<Double>, accumulate: Bool
) {
    typealias Lanes = SIMD8<Double>
    @inline(__always) func load(_ p: UnsafePointer<Double>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }
    @inline(__always) func start(_ j: Int) -> Lanes { accumulate ? load(out + j) : Lanes() }
    @inline(__always) func store(_ v: Lanes, _ j: Int) {
        UnsafeMutableRawPointer(out + j).storeBytes(of: v, as: Lanes.self)
    }
    var j = 0
    while j + 32 <= n {
        var (s0, s1, s2, s3) = (start(j), start(j + 8), start(j + 16), start(j + 24))
        var row = g + j
        for _ in 0..<rows {
            s0 += load(row)
            s1 += load(row + 8)
            s2 += load(row + 16)
            s3 += load(row + 24)
            row += n
        }
        store(s0, j)
        store(s1, j + 8)
        store(s2, j + 16)
        store(s3, j + 24)
        j += 32
    }
    while j + 8 <= n {
        var sum = start(j)
        var row = g + j
        for _ in 0..<rows {
            sum += load(row)
            row += n
        }
        store(sum, j)
        j += 8
    }
    while j < n {
        var sum = accumulate ? out[j] : 0
        for r in 0..<rows { sum += g[r * n + j] }
        out[j] = sum
        j += 1
    }
}

/// a = σ(z) and d = σ′(z) over `count` numbers, in one pass (relu′(0) = 0).
@inline(__always)
func activate(
    _ activation: Activation, _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>,
    _ d: UnsafeMutablePointer<Double>, count: Int
) {
    switch activation {
    case .relu:
        for i in 0..<count {
            let positive = z[i] > 0
            a[i] = positive ? z[i] : 0
            d[i] = positive ? 1 : 0
        }
    case .tanh:
        for i in 0..<count {
            let t = Double.tanh(z[i])
            a[i] = t
            d[i] = 1 - t * t
        }
    default:
        for i in 0..<count {
            a[i] = activation(z[i])
            d[i] = activation.derivative(z[i])
        }
    }
}

/// out = x ⊙ y over `count` numbers.
@inline(__always)
func multiply(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
    into out: UnsafeMutablePointer<Double>, count: Int
) {
    for i in 0..<count { out[i] = x[i] * y[i] }
}

/// The second-order signal of a hidden layer, ġ = ġh ⊙ σ′ + gh ⊙ σ″ ⊙ ż, over `count`
/// numbers, with σ″ from the stored a = σ(z) and d = σ′(z) (the one copy that the full
/// MAML workspace and the one-step engine share):
/// relu, leaky relu and identity σ″ = 0; tanh σ″ = −2a·d; sigmoid σ″ = d(1 − 2a);
/// softplus (d = the logistic s) σ″ = d(1 − d).
@inline(__always)
func secondOrderSignal(
    _ activation: Activation, ghDot: UnsafePointer<Double>, derivative d: UnsafePointer<Double>,
    gh: UnsafePointer<Double>, zDot zd: UnsafePointer<Double>, activations a: UnsafePointer<Double>,
    into out: UnsafeMutablePointer<Double>, count: Int
) {
    switch activation {
    case .relu, .leakyRelu, .identity:
        for i in 0..<count { out[i] = ghDot[i] * d[i] }
    case .tanh:  // σ″ = −2 tanh · (1 − tanh²)
        for i in 0..<count { out[i] = ghDot[i] * d[i] - 2 * gh[i] * a[i] * d[i] * zd[i] }
    case .sigmoid:  // σ″ = σ′ (1 − 2σ)
        for i in 0..<count { out[i] = ghDot[i] * d[i] + gh[i] * d[i] * (1 - 2 * a[i]) * zd[i] }
    case .softplus:  // σ′ = s (the logistic), σ″ = s (1 − s)
        for i in 0..<count { out[i] = ghDot[i] * d[i] + gh[i] * d[i] * (1 - d[i]) * zd[i] }
    }
}
