import RealModule
import Testing

@testable import Tensors

@Suite struct ReductionsTests {
    @Test func argmaxAndArgminAlongAxesAndFlat() throws {
        let m = Tensor(rows: [[1, 9, 3], [7, 2, 7]])
        #expect(try m.argmax() == Tensor(1))
        #expect(try m.argmin() == Tensor(0))
        #expect(try m.argmax(axis: 0) == Tensor([1, 0, 1]))
        #expect(try m.argmax(axis: 1) == Tensor([1, 0]))  // first of equal maxima
        #expect(try m.argmin(axis: -1) == Tensor([0, 1]))
    }

    @Test func argmaxTreatsNaNAsLargestAndRejectsEmpty() throws {
        #expect(try Tensor([1, .nan, 5]).argmax() == Tensor(1))
        #expect(try Tensor([1, .nan, -5]).argmin() == Tensor(1))
        #expect(try Tensor([-.infinity, -.infinity]).argmax() == Tensor(0))
        #expect(
            throws: TensorError.invalidShape(operation: "argmax", shape: [0], expected: "a non-empty tensor")
        ) {
            try Tensor([]).argmax()
        }
        #expect(throws: TensorError.axisOutOfRange(axis: 2, rank: 2)) {
            try Tensor.zeros([2, 2]).argmin(axis: 2)
        }
    }

    @Test(arguments: [
        (1.0, 7.0), (2.0, 5.0), (Double.infinity, 4.0), (-Double.infinity, 0.0), (0.0, 2.0),
        (3.0, Double.pow(91.0, 1.0 / 3)),
    ])
    func vectorNorms(p: Double, expected: Double) {
        let x = Tensor([3, -4, 0])
        #expect(Swift.abs(x.norm(p) - expected) <= 8 * expected.ulp, "p = \(p): \(x.norm(p))")
    }

    @Test func normIsScaledAgainstOverflowAndHandlesSpecials() throws {
        #expect(Tensor([3e300, 4e300]).norm() == 5e300)
        #expect(Tensor([3e-300, 4e-300]).norm() == 5e-300)
        #expect(Tensor([1, .infinity]).norm() == .infinity)
        #expect(Tensor([1, .nan]).norm().isNaN)
        #expect(Tensor([]).norm() == 0)
        #expect(Tensor([-0.0, 0.0]).norm() == 0)
        let m = Tensor(rows: [[3, 4], [6, 8]])
        #expect(try m.norm(2, axes: [1]) == Tensor([5, 10]))
        #expect(try m.norm(1, axes: [0], keepingDimensions: true) == Tensor(rows: [[9, 12]]))
        #expect(try m.norm(2, axes: nil) == Tensor(125.0.squareRoot()))
    }

    @Test func logSumExpIsStable() throws {
        let x = Tensor([1000, 1000])
        #expect(try x.logSumExp().scalar! == 1000 + Double.log(2.0))
        let mixed = Tensor(rows: [[0, 0], [-.infinity, -.infinity], [.infinity, 1], [.nan, 1]])
        let lse = try mixed.logSumExp(axes: [1])
        #expect(lse[0] == Double.log(2.0))
        #expect(lse[1] == -.infinity)
        #expect(lse[2] == .infinity)
        #expect(lse[3].isNaN)
        #expect(try Tensor.zeros([2, 0]).logSumExp(axes: [1]) == Tensor([-.infinity, -.infinity]))
    }

    @Test func softmaxRowsSumToOneEvenForHugeInputs() throws {
        var g = SeededGenerator(seed: 31)
        let x = Tensor.normal([4, 6], standardDeviation: 300, using: &g)
        let s = try x.softmax(axis: 1)
        let sums = try s.sum(axes: [1])
        for i in 0..<4 { #expect(Swift.abs(sums[i] - 1) <= 1e-15 * 6, "seed 31 row \(i)") }
        #expect(s.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        let small = try Tensor([1, 2, 3]).softmax()
        let e = [1.0, 2, 3].map { Double.exp($0) }
        let z = e.reduce(0, +)
        for i in 0..<3 { #expect(Swift.abs(small[i] - e[i] / z) <= 1e-15) }
        let logS = try Tensor([1, 2, 3]).logSoftmax()
        for i in 0..<3 { #expect(Swift.abs(logS[i] - Double.log(e[i] / z)) <= 1e-15) }
    }

    @Test func cumulativeSumAlongEachAxis() throws {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(try m.cumulativeSum(axis: 1) == Tensor(rows: [[1, 3, 6], [4, 9, 15]]))
        #expect(try m.cumulativeSum(axis: 0) == Tensor(rows: [[1, 2, 3], [5, 7, 9]]))
        #expect(try Tensor.zeros([0, 3]).cumulativeSum(axis: 0).shape == [0, 3])
        #expect(try Tensor([1, .infinity, -.infinity]).cumulativeSum(axis: 0).scalars[2].isNaN)
    }

    @Test func sumsAndProductsMatchNaiveLoops() throws {
        var g = SeededGenerator(seed: 8)
        let x = Tensor.uniform([2, 3, 4], low: -1, high: 1, using: &g)
        let s = try x.sum(axes: [0, 2])
        let p = try x.product(axes: [1])
        for j in 0..<3 {
            var naive = 0.0
            for i in 0..<2 { for k in 0..<4 { naive += x[i, j, k] } }
            #expect(Swift.abs(s[j] - naive) <= 1e-15 * 8, "seed 8 sum \(j)")
        }
        for i in 0..<2 {
            for k in 0..<4 {
                #expect(p[i, k] == x[i, 0, k] * x[i, 1, k] * x[i, 2, k])
            }
        }
        #expect(try Tensor.zeros([0]).sum(axes: nil) == Tensor(0))
        #expect(try Tensor.zeros([0]).product(axes: nil) == Tensor(1))
        #expect(try Tensor([-0.0, -0.0]).sum(axes: [0]).scalar!.sign == .plus)  // 0 + −0 + −0 = +0
        #expect(try Tensor([1, .nan]).max(axes: nil).scalar!.isNaN)
    }
}
