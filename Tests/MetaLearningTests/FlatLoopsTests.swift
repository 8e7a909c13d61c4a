import NeuralNets
import RealModule
import Tensors
import TestSupport
import Testing

@testable import MetaLearning

/// The MetaLearning loops written in SIMD lanes — `columnSums` (register accumulators) and
/// `FlatAdam` (eight lanes and a scalar tail) — against the plain scalar loops they replace,
/// bit for bit, on counts around their block sizes.
@Suite struct FlatLoopsTests {
    /// Column sums of an r×n matrix, starting from 0 or from `out`, against the row-after-row
    /// scalar sum (the order the lanes promise: bit for bit), on widths around the 32- and
    /// 8-column blocks, zero rows, and values of very different sizes (so that another order
    /// of additions would round differently).
    @Test(arguments: [1, 7, 8, 9, 31, 32, 33, 40, 41, 81])
    func columnSumsAddEachColumnInRowOrder(n: Int) {
        var g = TestGenerator(state: UInt64(n))
        for rows in [0, 1, 5, 23] {
            let matrix = (0..<(rows * n)).map { i in g.uniform(-1, 1) * (i % 3 == 0 ? 1e9 : 1) }
            let initial = (0..<n).map { _ in g.uniform(-1e3, 1e3) }
            for accumulate in [false, true] {
                var out = initial
                matrix.withUnsafeBufferPointer { m in
                    out.withUnsafeMutableBufferPointer {
                        // zero rows: any valid pointer, never read
                        columnSums(
                            m.baseAddress ?? UnsafePointer(initial), rows: rows, columns: n,
                            into: $0.baseAddress!, accumulate: accumulate)
                    }
                }
                let expected = (0..<n).map { j in
                    var s = accumulate ? initial[j] : 0
                    for r in 0..<rows { s += matrix[r * n + j] }
                    return s
                }
                let wrong = (0..<n).filter { out[$0].bitPattern != expected[$0].bitPattern }
                #expect(
                    wrong.isEmpty, "\(rows)×\(n) accumulate \(accumulate): columns \(wrong.prefix(5))")
            }
        }
    }

    /// FlatAdam's update against the scalar loop it had before its lanes (the formula in its doc,
    /// operation by operation: m·(1/(1 − β₁ᵗ)) and √(v·(1/(1 − β₂ᵗ))) + ε), bit for bit over 60
    /// steps, for parameter counts that are all tail (1, 7), one lane block (8), a block and a
    /// tail (9) and many (1,801). Gradients include 0, subnormal (g² = 0), huge (g² = ∞: the step
    /// is 0, θ stays finite) and, at the last step, a NaN (it reaches that parameter only).
    @Test(arguments: [1, 7, 8, 9, 1801])
    func flatAdamLanesAreTheScalarFormula(count: Int) {
        var g = TestGenerator(state: UInt64(count) + 99)
        let (lr, b1, b2, eps) = (0.01, 0.85, 0.995, 1e-7)
        var adam = FlatAdam(parameterCount: count, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
        var p = (0..<count).map { _ in g.uniform(-1, 1) }
        var q = p
        var (m, v) = ([Double](repeating: 0, count: count), [Double](repeating: 0, count: count))
        for step in 1...60 {
            var gradient = (0..<count).map { i -> Double in
                switch (i + step) % 11 {
                case 0: return 0
                case 3: return 4e-310 * g.uniform(-1, 1)
                case 5 where step % 7 == 0: return 1e200
                default: return g.uniform(-2, 2)
                }
            }
            if step == 60 { gradient[count / 2] = .nan }
            adam.update(&p, gradient: gradient)
            let c1 = 1 / (1 - Double.pow(b1, step))
            let c2 = 1 / (1 - Double.pow(b2, step))
            for i in 0..<count {
                m[i] = b1 * m[i] + (1 - b1) * gradient[i]
                v[i] = b2 * v[i] + (1 - b2) * gradient[i] * gradient[i]
                q[i] -= lr * (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
            }
            let wrong = (0..<count).filter {
                p[$0].isNaN ? !q[$0].isNaN : p[$0].bitPattern != q[$0].bitPattern
            }
            #expect(wrong.isEmpty, "\(count) parameters, step \(step): at \(wrong.prefix(5))")
            if !wrong.isEmpty { return }
        }
        #expect(p.indices.filter { p[$0].isNaN } == [count / 2], "the NaN stays where it was")
        #expect(adam.firstMoment.elementsEqual(m) { $0.isNaN ? $1.isNaN : $0 == $1 })
        #expect(adam.secondMoment.elementsEqual(v) { $0.isNaN ? $1.isNaN : $0 == $1 })
    }

    /// FlatAdam against NeuralNets' tensor Adam (a separate implementation: m̂ = m/(1 − β₁ᵗ) by
    /// division) over 40 steps on 1,801 parameters, lanes and tail: the same steps to rounding.
    @Test func flatAdamTakesTensorAdamsStepsOnManyParameters() throws {
        let count = 1801
        var g = TestGenerator(state: 5)
        let start = (0..<count).map { _ in g.uniform(-1, 1) }
        var flat = FlatAdam(parameterCount: count, learningRate: 0.02, beta1: 0.9, beta2: 0.99, epsilon: 1e-8)
        var tensors = Adam(learningRate: 0.02, beta1: 0.9, beta2: 0.99, epsilon: 1e-8)
        // A steady slope of either sign under the noise, so that every parameter travels.
        let slope = (0..<count).map { i in (i % 2 == 0 ? 1 : -1) * g.uniform(1, 3) }
        var p = start
        var t = [Tensor(start)]
        for _ in 0..<40 {
            let gradient = slope.map { $0 + g.uniform(-1, 1) }
            flat.update(&p, gradient: gradient)
            try tensors.update(&t, gradients: [Tensor(gradient)])
        }
        #expect(relativeError(Tensor(p), t[0]) <= 1e-13)
        #expect(zip(p, start).allSatisfy { abs($0 - $1) > 0.1 }, "every parameter moved")
    }
}
