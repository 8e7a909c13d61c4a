import Testing

@testable import Tensors

@Suite struct JoiningTests {
    let a = Tensor(rows: [[1, 2], [3, 4]])
    let b = Tensor(rows: [[5, 6]])

    @Test func concatenateAndStack() throws {
        #expect(try Tensor.concatenate([a, b], alongAxis: 0) == Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
        #expect(
            try Tensor.concatenate([a, a.transposed], alongAxis: -1)
                == Tensor(rows: [[1, 2, 1, 3], [3, 4, 2, 4]]))
        #expect(try Tensor.concatenate([a, Tensor.zeros([0, 2])], alongAxis: 0) == a)
        #expect(try Tensor.stack([a, a], alongAxis: 0).shape == [2, 2, 2])
        let s = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1)
        #expect(s == Tensor(rows: [[1, 3], [2, 4]]))
        #expect(try Tensor.stack([Tensor(1), Tensor(2)]) == Tensor([1, 2]))
    }

    @Test func joiningErrors() {
        #expect(throws: TensorError.shapeMismatch(operation: "concatenate", lhs: [2, 2], rhs: [1, 2])) {
            try Tensor.concatenate([a, b], alongAxis: 1)
        }
        #expect(throws: TensorError.domain(operation: "concatenate", reason: "needs at least one tensor")) {
            try Tensor.concatenate([], alongAxis: 0)
        }
        #expect(throws: TensorError.shapeMismatch(operation: "stack", lhs: [2, 2], rhs: [1, 2])) {
            try Tensor.stack([a, b])
        }
        #expect(throws: TensorError.axisOutOfRange(axis: 3, rank: 3)) { try Tensor.stack([a], alongAxis: 3) }
    }

    @Test func tileAndRepeat() throws {
        #expect(try Tensor([1, 2]).tiled([2]) == Tensor([1, 2, 1, 2]))
        #expect(try Tensor([1, 2]).tiled([2, 1]) == Tensor(rows: [[1, 2], [1, 2]]))
        #expect(try a.tiled([1, 2]) == Tensor(rows: [[1, 2, 1, 2], [3, 4, 3, 4]]))
        #expect(try a.tiled([0, 1]).shape == [0, 2])
        #expect(try Tensor([1, 2]).repeated(2, alongAxis: 0) == Tensor([1, 1, 2, 2]))
        #expect(try a.repeated(2, alongAxis: 1) == Tensor(rows: [[1, 1, 2, 2], [3, 3, 4, 4]]))
        #expect(throws: TensorError.domain(operation: "repeat", reason: "count must be ≥ 0, got -1")) {
            try a.repeated(-1, alongAxis: 0)
        }
    }

    @Test func squeezeAndExpand() throws {
        let t = Tensor.zeros([1, 3, 1])
        #expect(try t.squeezed().shape == [3])
        #expect(try t.squeezed(axes: [-1]).shape == [1, 3])
        #expect(
            throws: TensorError.invalidShape(
                operation: "squeeze", shape: [1, 3, 1], expected: "size 1 on axis 1")
        ) {
            try t.squeezed(axes: [1])
        }
        #expect(try Tensor([1, 2]).expanded(axis: 0).shape == [1, 2])
        #expect(try Tensor([1, 2]).expanded(axis: -1).shape == [2, 1])
        #expect(try Tensor(5).expanded(axis: 0) == Tensor([5]))
    }
}
