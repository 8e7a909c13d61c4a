import RealModule

/// Adam (Kingma & Ba 2015) with bias correction, on one flat parameter vector —
/// the outer-loop optimiser of the MAML engine, updating in place without allocating.
///
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,   t ← t + 1
///     θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
public struct FlatAdam: Sendable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// First and second moment estimates, one per parameter.
    public private(set) var firstMoment: [Double]
    public private(set) var secondMoment: [Double]
    /// Number of updates taken.
    public private(set) var stepCount: Int = 0

    public init(
        parameterCount: Int, learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = [Double](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` (firstMoment.count numbers) along `gradient`.
    public mutating func update(_ parameters: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>) {
        stepCount += 1
        let (b1, b2, lr, eps) = (beta1, beta2, learningRate, epsilon)
        let c1 = 1 / (1 - Double.pow(b1, stepCount))
        let c2 = 1 / (1 - Double.pow(b2, stepCount))
        let n = firstMoment.count
        firstMoment.withUnsafeMutableBufferPointer { mb in
            secondMoment.withUnsafeMutableBufferPointer { vb in
                let (m, v) = (mb.baseAddress!, vb.baseAddress!)
                // Eight lanes at a time (the compiler does not vectorise the loop: the pointers
                // may alias), each lane the scalar formula's operations in its order.
                var i = 0
                while i + 8 <= n {
                    let g = Lanes(gradient + i)
                    let mi = b1 * Lanes(m + i) + (1 - b1) * g
                    let vi = b2 * Lanes(v + i) + (1 - b2) * g * g
                    mi.store(m + i)
                    vi.store(v + i)
                    (Lanes(parameters + i) - lr * (mi * c1) / ((vi * c2).squareRoot() + eps)).store(
                        parameters + i)
                    i += 8
                }
                while i < n {
                    let g = gradient[i]
                    m[i] = b1 * m[i] + (1 - b1) * g
                    v[i] = b2 * v[i] + (1 - b2) * g * g
                    parameters[i] -= lr * (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
                    i += 1
                }
            }
        }
    }

    /// One update of a parameter array.
    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        precondition(
            parameters.count == firstMoment.count && gradient.count == firstMoment.count, "Adam sizes")
        gradient.withUnsafeBufferPointer { g in
            parameters.withUnsafeMutableBufferPointer { update($0.baseAddress!, gradient: g.baseAddress!) }
        }
    }
}

private typealias Lanes = SIMD8<Double>

extension SIMD8<Double> {
    /// Eight doubles from `p` (no alignment needed).
    fileprivate init(_ p: UnsafePointer<Double>) { self = UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    fileprivate init(_ p: UnsafeMutablePointer<Double>) { self.init(UnsafePointer(p)) }
    fileprivate func store(_ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
}
