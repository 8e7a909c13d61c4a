import Testing

@testable import Tensors

@Suite struct TensorTests {
    @Test func initialisersAndShapeFacts() {
        let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == [2, 3] && m.rank == 2 && m.count == 6 && m.strides == [3, 1])
        #expect(m[1, 2] == 6)
        #expect(Tensor(3).isScalar && Tensor(3).scalar == 3)
        #expect(Tensor([1, 2]).scalar == nil)
        #expect(Tensor.eye(2) == Tensor(rows: [[1, 0], [0, 1]]))
        #expect(Tensor.zeros([2, 0, 3]).count == 0)
        #expect(Tensor.strides(of: [2, 3, 4]) == [12, 4, 1])
        #expect(Tensor.elementCount([]) == 1)
    }

    @Test func valueSemantics() {
        let a = Tensor([1, 2, 3])
        var b = a
        b[0] = 9
        #expect(a[0] == 1 && b[0] == 9)
    }

    @Test(arguments: [([], "scalar"), ([5], "5"), ([2, 3], "2×3"), ([0, 4], "0×4")])
    func shapesReadAsText(shape: [Int], text: String) {
        #expect(describeShape(shape) == text)
    }
}
