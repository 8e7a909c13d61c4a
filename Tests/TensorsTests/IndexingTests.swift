import Testing

@testable import Tensors

@Suite struct IndexingTests {
    let x = Tensor(shape: [4, 5], scalars: (0..<20).map(Double.init))

    @Test func selectionsPerAxis() throws {
        #expect(try x.slice([.index(1)]) == Tensor([5, 6, 7, 8, 9]))
        #expect(try x.slice([.all, .index(0)]) == Tensor([0, 5, 10, 15]))
        #expect(
            try x.slice([.strided(start: 0, end: 4, step: 2), .range(1..<3)])
                == Tensor(rows: [[1, 2], [11, 12]]))
        #expect(try x.slice([.strided(start: 3, end: -1, step: -2), .index(4)]) == Tensor([19, 9]))
        #expect(try x.slice([.range(2..<2)]).shape == [0, 5])
        #expect(try x.slice([.index(3), .index(4)]) == Tensor(19))
        #expect(try x.slice([]) == x)
    }

    @Test func gatherAndMask() throws {
        #expect(try x.gathered([4, 0, 0], alongAxis: 1) == x.slice([.all, .indices([4, 0, 0])]))
        #expect(try x.gathered([3], alongAxis: 0) == Tensor(rows: [[15, 16, 17, 18, 19]]))
        #expect(
            try x.selected(mask: [true, false, false, true], alongAxis: 0).slice([.all, .index(0)])
                == Tensor([0, 15]))
        let m = try x.compare(Tensor(16), .greater)
        #expect(try x.selected(where: m) == Tensor([17, 18, 19]))
        #expect(try x.gathered([], alongAxis: 0).shape == [0, 5])
    }

    @Test(arguments: [
        ([AxisSelection.index(4)], TensorError.indexOutOfRange(index: 4, dimension: 0, size: 4)),
        ([.all, .range(3..<6)], .indexOutOfRange(index: 5, dimension: 1, size: 5)),
        ([.all, .indices([0, -1])], .indexOutOfRange(index: -1, dimension: 1, size: 5)),
        (
            [.strided(start: 0, end: 4, step: 0)],
            .domain(operation: "indexing", reason: "a slice step cannot be 0")
        ),
        ([.mask([true])], .shapeMismatch(operation: "mask selection", lhs: [4], rhs: [1])),
        (
            [.all, .all, .all],
            .invalidShape(operation: "indexing", shape: [4, 5], expected: "at most 2 indices, got 3")
        ),
    ])
    func everySelectionErrorIsTyped(selections: [AxisSelection], error: TensorError) {
        #expect(throws: error) { try x.slice(selections) }
    }

    @Test func maskMustMatchTheShape() {
        #expect(throws: TensorError.shapeMismatch(operation: "mask selection", lhs: [4, 5], rhs: [5])) {
            try x.selected(where: Tensor.ones([5]))
        }
    }

    @Test func rankThreeGatherMatchesNaiveIndexing() throws {
        var g = SeededGenerator(seed: 2)
        let t = Tensor.normal([3, 4, 5], using: &g)
        let s = try t.slice([.indices([2, 0]), .strided(start: 3, end: 0, step: -1), .range(1..<4)])
        #expect(s.shape == [2, 3, 3])
        let rows = [2, 0], cols = [3, 2, 1], depth = [1, 2, 3]
        for (a, i) in rows.enumerated() {
            for (b, j) in cols.enumerated() {
                for (c, k) in depth.enumerated() { #expect(s[a, b, c] == t[i, j, k]) }
            }
        }
    }
}
