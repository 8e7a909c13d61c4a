// Dense helpers on raw Float64 buffers for the MAML engine (the products themselves are
// Tensors' `gemm`, `gram` and `matrixVector`). Everything here works on preallocated
// memory owned by a `MAMLWorkspace`: no allocation per operation.

import NeuralNets
import RealModule

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

/// a = σ(z) and d = σ′(z) over `count` numbers, in one pass (relu′(0) = 0).
@inline(__always)
func activate(_ activation: Activation, _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>,
              _ d: UnsafeMutablePointer<Double>, count: Int) {
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
