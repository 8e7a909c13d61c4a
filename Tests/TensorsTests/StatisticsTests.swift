import Testing

@testable import Tensors

@Suite struct StatisticsTests {
    @Test func varianceIsBesselCorrectedByDefault() throws {
        let x = Tensor([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(try x.variance().scalar! == 32.0 / 7)
        #expect(try x.variance(corrected: false).scalar! == 4)
        #expect(try x.standardDeviation(corrected: false).scalar! == 2)
    }

    @Test func varianceAlongAxesMatchesNaiveLoops() throws {
        var g = SeededGenerator(seed: 21)
        let x = Tensor.normal([3, 4, 5], using: &g)
        let v = try x.variance(axes: [0, 2])
        #expect(v.shape == [4])
        for j in 0..<4 {
            var values: [Double] = []
            for i in 0..<3 { for k in 0..<5 { values.append(x[i, j, k]) } }
            let m = values.reduce(0, +) / 15
            let naive = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 14
            // Relative tolerance 1e-13 (two different summation orders of 15 terms).
            #expect(Swift.abs(v[j] - naive) <= 1e-13 * naive, "seed 21 column \(j)")
        }
        #expect(try x.standardDeviation(axes: [1], keepingDimensions: true).shape == [3, 1, 5])
    }

    @Test func singleSampleAndNaN() throws {
        #expect(try Tensor([3]).variance().scalar!.isNaN)
        #expect(try Tensor([3]).variance(corrected: false).scalar! == 0)
        #expect(try Tensor([1, .nan]).variance().scalar!.isNaN)
        #expect(try Tensor([1, .infinity]).variance().scalar!.isNaN)
        #expect(throws: TensorError.axisOutOfRange(axis: 3, rank: 1)) {
            try Tensor([1, 2]).variance(axes: [3])
        }
    }
}
