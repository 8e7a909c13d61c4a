import Testing

@testable import Tensors

@Suite struct BroadcastingTests {
    @Test(arguments: [
        ([2, 3], [3], [2, 3]),
        ([4, 1], [1, 5], [4, 5]),
        ([], [2, 2], [2, 2]),
        ([3, 1, 2], [4, 1], [3, 4, 2]),
        ([0, 3], [1, 3], [0, 3]),
        ([5], [1], [5]),
    ])
    func compatibleShapes(a: [Int], b: [Int], expected: [Int]) throws {
        #expect(try broadcastShape(a, b) == expected)
        #expect(try broadcastShape(b, a) == expected)
    }

    @Test(arguments: [([2, 3], [3, 2]), ([3], [4]), ([2, 1], [3, 4]), ([0], [2])])
    func incompatibleShapesNameBoth(a: [Int], b: [Int]) {
        #expect(throws: TensorError.shapeMismatch(operation: "+", lhs: a, rhs: b)) {
            _ = try Tensor.zeros(a) + Tensor.zeros(b)
        }
    }

    @Test func addsAColumnToEveryColumnAndARowToEveryRow() throws {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let col = Tensor(rows: [[10], [20]])
        let row = Tensor([100, 200, 300])
        #expect(try (m + col) == Tensor(rows: [[11, 12, 13], [24, 25, 26]]))
        #expect(try (m + row) == Tensor(rows: [[101, 202, 303], [104, 205, 306]]))
        #expect(try (col - row).shape == [2, 3])
    }

    @Test func sumToShapeIsTheAdjointOfBroadcast() throws {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m.sum(toShape: [1, 3]) == Tensor(rows: [[5, 7, 9]]))
        #expect(m.sum(toShape: [3]) == Tensor([5, 7, 9]))
        #expect(m.sum(toShape: [2, 1]) == Tensor(rows: [[6], [15]]))
        #expect(m.sum(toShape: []) == Tensor(21))
    }

    @Test func reductionsKeepDimensionsLikeJulia() throws {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(try m.sum(axes: [0], keepingDimensions: true) == Tensor(rows: [[5, 7, 9]]))
        #expect(try m.mean(axes: [1]) == Tensor([2, 5]))
        #expect(try m.max(axes: nil) == Tensor(shape: [], scalars: [6]))
        #expect(throws: TensorError.axisOutOfRange(axis: 2, rank: 2)) { try m.sum(axes: [2]) }
    }

    @Test func matmulPromotesVectorsAndChecksInnerSizes() throws {
        let a = Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        let b = Tensor(rows: [[1, 0, 2], [0, 1, 3]])
        #expect(try matmul(a, b) == Tensor(rows: [[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        #expect(try matmul(a, Tensor([1, 1])) == Tensor([3, 7, 11]))
        #expect(throws: TensorError.shapeMismatch(operation: "matrix product", lhs: [3, 2], rhs: [3, 2])) {
            try matmul(a, a)
        }
    }
}
