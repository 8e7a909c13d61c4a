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
/// element is added row after row, in order; eight columns at a time the running sums stay
/// in a register across the rows (accumulating through `out` in memory waited on a store
/// per row).
@inline(__always)
func columnSums(
    _ g: UnsafePointer<Double>, rows: Int, columns n: Int,
    into out: UnsafeMutablePointer<Double>, accumulate: Bool
) {
    typealias Lanes = SIMD8<Double>
    var j = 0
    while j + 8 <= n {
        var sum = accumulate ? UnsafeRawPointer(out + j).loadUnaligned(as: Lanes.self) : Lanes()
        for r in 0..<rows { sum += UnsafeRawPointer(g + r * n + j).loadUnaligned(as: Lanes.self) }
        UnsafeMutableRawPointer(out + j).storeBytes(of: sum, as: Lanes.self)
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
