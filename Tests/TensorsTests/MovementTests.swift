import Testing

@testable import Tensors

@Suite struct MovementTests {
    let x = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))

    @Test func reshapeInfersOneDimension() throws {
        #expect(try x.reshaped([4, -1]).shape == [4, 6])
        #expect(try x.reshaped([24]).scalars == x.scalars)
        #expect(try Tensor.zeros([0, 3]).reshaped([3, 0]).shape == [3, 0])
        #expect(try Tensor(7).reshaped([1, 1]) == Tensor(rows: [[7]]))
    }

    @Test(arguments: [[5, 5], [-1, 5], [-1, -1], [0, -1]])
    func reshapeCountErrors(target: [Int]) {
        #expect(throws: TensorError.reshapeCount(from: [2, 3, 4], to: target)) { try x.reshaped(target) }
    }

    @Test func permuteMatchesNaiveIndexing() throws {
        let p = try x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(p[k, i, j] == x[i, j, k]) } } }
        #expect(
            throws: TensorError.invalidShape(
                operation: "permutedims", shape: [2, 3, 4], expected: "a permutation of 1…3, got [1, 1, 2]")
        ) {
            try x.permuted([0, 0, 1])
        }
    }

    @Test func transposeOfVectorsMatricesAndBatches() throws {
        #expect(Tensor([1, 2]).transposed.shape == [1, 2])
        #expect(Tensor(rows: [[1, 2, 3]]).transposed == Tensor(rows: [[1], [2], [3]]))
        let t = x.transposed
        #expect(t.shape == [2, 4, 3] && t[1, 3, 2] == x[1, 2, 3])
        #expect(Tensor(5).transposed == Tensor(5))
        #expect(x.transposed.transposed == x)
    }
}
