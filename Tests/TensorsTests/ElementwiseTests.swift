import RealModule
import Testing

@testable import Tensors

@Suite struct ElementwiseTests {
    static let specials: [Double] = [
        .nan, .infinity, -.infinity, 0, -0.0, 1, -1, 1e308, -Double.leastNonzeroMagnitude * 2e3,
    ]

    @Test func unaryFunctionsFollowIEEEOnSpecialValues() {
        let x = Tensor(ElementwiseTests.specials)
        let e = exp(x).scalars
        #expect(e[0].isNaN && e[1] == .infinity && e[2] == 0 && e[3] == 1 && e[4] == 1 && e[7] == .infinity)
        let l = log(Tensor([0, -0.0, -1, .infinity])).scalars
        #expect(l[0] == -.infinity && l[1] == -.infinity && l[2].isNaN && l[3] == .infinity)
        let r = sqrt(Tensor([-0.0, 4, -1])).scalars
        #expect(r[0] == 0 && r[0].sign == .minus && r[1] == 2 && r[2].isNaN)
        let a = abs(x).scalars
        #expect(a[0].isNaN && a[2] == .infinity && a[4].sign == .plus)
        #expect(tanh(Tensor([.infinity, -.infinity])) == Tensor([1, -1]))
    }

    @Test func activationsAreStableAtTheExtremes() {
        let s = sigmoid(Tensor([-800, 0, 800, .nan])).scalars
        #expect(s[0] == 0 && s[1] == 0.5 && s[2] == 1 && s[3].isNaN)
        let sp = softplus(Tensor([-800, 0, 800])).scalars
        #expect(sp[0] == 0 && Swift.abs(sp[1] - Double.log(2.0)) <= 1e-16 && sp[2] == 800)
        let r = relu(Tensor([-1, -0.0, 2, .nan])).scalars
        #expect(r[0] == 0 && r[1] == 0 && r[2] == 2 && r[3].isNaN)
        #expect(sign(Tensor([-3, -0.0, 0, 5])) == Tensor([-1, 0, 0, 1]))
        #expect(sign(Tensor([.nan])).scalars[0].isNaN)
        let c = clamp(Tensor([-5, 0.5, 5, .nan]), 0, 1).scalars
        #expect(c[0] == 0 && c[1] == 0.5 && c[2] == 1 && c[3].isNaN)
        #expect(round(Tensor([0.5, -0.5, 1.5, 2.4])) == Tensor([1, -1, 2, 2]))
    }

    @Test func arithmeticBroadcastsAndPropagatesSpecials() throws {
        let x = Tensor(rows: [[1, .infinity], [-0.0, .nan]])
        let y = try x * Tensor([0, 2])
        #expect(y[0, 0] == 0 && y[0, 1] == .infinity && y[1, 0] == 0 && y[1, 1].isNaN)
        #expect(try (Tensor([1]) / Tensor([0, -0.0])) == Tensor([.infinity, -.infinity]))
        #expect(try (Tensor.zeros([0, 3]) + Tensor([1, 2, 3])).shape == [0, 3])
        #expect((2 - Tensor([1, 2])) == Tensor([1, 0]))
        #expect(Tensor([2, 3]).pow(2) == Tensor([4, 9]))
        #expect(try Tensor([2, 4]).pow(Tensor([3, 0.5])) == Tensor([8, 2]))
        // A negative base with integer exponents, as IEEE pow gives it: (−1)^l is the sign in Δm.
        #expect(try Tensor([-1]).pow(Tensor([0, 1, 2, 3])) == Tensor([1, -1, 1, -1]))
        #expect(try Tensor([-2, -0.5]).pow(Tensor([3, -2])) == Tensor([-8, 4]))
        #expect(try Tensor([-8]).pow(Tensor([1.0 / 3])).scalars[0].isNaN)
        #expect(try Tensor([1, .nan]).maximum(Tensor([2])).scalars[1].isNaN)
        #expect(try Tensor([1, 5]).minimum(Tensor([2])) == Tensor([1, 2]))
    }

    /// Every broadcasting layout of the fast loops (both operands contiguous,
    /// one held fixed on the inner axis, stretched outer axes) against a naive
    /// multi-index evaluation. Exact: one operation per element either way.
    /// The result shapes are NumPy's: `np.broadcast_shapes(lhs, rhs)` (NumPy 2.4.6).
    @Test(arguments: [
        ([2, 3, 4], [3, 4], [2, 3, 4]), ([2, 3, 4], [3, 1], [2, 3, 4]), ([2, 1, 4], [3, 1], [2, 3, 4]),
        ([1, 4], [3, 1], [3, 4]), ([3, 1], [2, 3, 4], [2, 3, 4]), ([5], [2, 1, 5], [2, 1, 5]),
        ([2, 3, 1], [1, 1, 6], [2, 3, 6]),
    ])
    func broadcastLoopsMatchNaiveIndexing(lhs: [Int], rhs: [Int], target: [Int]) throws {
        var g = SeededGenerator(seed: UInt64(lhs.count * 10 + rhs.count))
        let a = Tensor.normal(lhs, using: &g)
        let b = Tensor.normal(rhs, using: &g)
        let result = try a - b
        #expect(result.shape == target)
        // Row-major offset of a (right-aligned, size-1 stretched) index, computed here rather
        // than with the tensor's own strides.
        func element(_ t: Tensor, _ index: [Int]) -> Double {
            let offset = index.count - t.rank
            var flat = 0
            for k in 0..<t.rank { flat = flat * t.shape[k] + (t.shape[k] == 1 ? 0 : index[k + offset]) }
            return t.scalars[flat]
        }
        for flat in 0..<result.count {
            var rest = flat
            var index = [Int](repeating: 0, count: target.count)
            for k in stride(from: target.count - 1, through: 0, by: -1) {
                index[k] = rest % target[k]
                rest /= target[k]
            }
            #expect(
                result.scalars[flat] == element(a, index) - element(b, index), "\(lhs) - \(rhs) at \(index)")
        }
    }

    /// Expected masks from NumPy: `(np.array([1, 2, np.nan]) OP np.array([2.])).astype(float)`.
    @Test(arguments: [
        (Comparison.equal, [0.0, 1, 0]), (.notEqual, [1, 0, 1]), (.less, [1, 0, 0]),
        (.lessOrEqual, [1, 1, 0]), (.greater, [0, 0, 0]), (.greaterOrEqual, [0, 1, 0]),
    ])
    func comparisonsGiveMasksAndNaNComparesFalse(op: Comparison, expected: [Double]) throws {
        let mask = try Tensor([1, 2, .nan]).compare(Tensor([2]), op)
        #expect(mask == Tensor(expected))
    }

    @Test func everyComparisonHasAnExpectedMask() {
        #expect(Comparison.allCases.count == 6)
    }

    @Test func selectPicksByMaskWithBroadcasting() throws {
        let mask = Tensor(rows: [[1], [0]])
        let picked = try Tensor.select(mask, Tensor([1, 2, 3]), Tensor(-1))
        #expect(picked == Tensor(rows: [[1, 2, 3], [-1, -1, -1]]))
        #expect(throws: TensorError.shapeMismatch(operation: "where", lhs: [2, 2], rhs: [3])) {
            _ = try Tensor.select(mask, Tensor.ones([2]), Tensor.ones([3]))
        }
        #expect(throws: TensorError.shapeMismatch(operation: "where", lhs: [2, 1], rhs: [3, 1])) {
            _ = try Tensor.select(mask, Tensor.ones([3, 1]), Tensor.ones([1]))
        }
    }
}
