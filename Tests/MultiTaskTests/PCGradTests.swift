import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct PCGradTests {
    @Test func worked2DExampleFromTheLesson() throws {
        let projected = try pcgrad(Tensor(rows: [[1, 0], [-1, 1]]))
        #expect(projected == Tensor(rows: [[0.5, 0.5], [0, 1]]))
        #expect(try sumOfRows(projected) == Tensor([0.5, 1.5]))
    }

    @Test func nonConflictingGradientsAreUntouched() throws {
        let g = Tensor(rows: [[1, 2, 0], [0.5, -0.1, 3]])
        #expect(try pcgrad(g) == g)
    }

    @Test func twoTaskNetworkGradientsMatchGolden() throws {
        let golden = try goldenFile("mtl_pcgrad")
        let g = Tensor(rows: [golden.vector("inputs/g1_flat"), golden.vector("inputs/g2_flat")])
        let projected = try pcgrad(g)
        #expect(maxAbsDifference(Array(projected.scalars[0..<16]), golden.vector("outputs/g1_pc")) < 1e-12)
        #expect(maxAbsDifference(Array(projected.scalars[16..<32]), golden.vector("outputs/g2_pc")) < 1e-12)
        let sum = try sumOfRows(projected)
        #expect(maxAbsDifference(sum.scalars, golden.vector("outputs/combined_sum")) < 1e-12)
        #expect(maxAbsDifference((sum / 2).scalars, golden.vector("outputs/combined_mean")) < 1e-12)
    }

    @Test(arguments: [
        ([0, 1, 2], "order_ascending_[0,1,2]"),
        ([2, 1, 0], "order_descending_[2,1,0]"),
    ])
    func threeTaskVectorCaseInBothOrders(order: [Int], key: String) throws {
        let golden = try goldenFile("mtl_pcgrad")
        let base = "three_task_vector_case/"
        let g = Tensor(rows: ["g1", "g2", "g3"].map { golden.vector(base + "inputs/" + $0) })
        let projected = try pcgrad(g, order: order == [0, 1, 2] ? .fixed : .listed(order))
        let expected = golden.matrix(base + key + "/projected").flatMap { $0 }
        #expect(maxAbsDifference(projected.scalars, expected) < 1e-12)
        #expect(
            maxAbsDifference(try sumOfRows(projected).scalars, golden.vector(base + key + "/combined_sum"))
                < 1e-12)
    }

    @Test func theTwoOrdersDifferOnTheThreeTaskCase() throws {
        let golden = try goldenFile("mtl_pcgrad")
        let g = Tensor(rows: ["g1", "g2", "g3"].map { golden.vector("three_task_vector_case/inputs/" + $0) })
        #expect(
            maxAbsDifference(try pcgrad(g).scalars, try pcgrad(g, order: .listed([2, 1, 0])).scalars) > 1e-3)
    }

    /// A random order is reproducible from its seed and projects each row
    /// onto the normal plane of some conflicting tasks, so the result still
    /// never conflicts more than the input with the first visited task.
    @Test func randomOrderIsSeededAndMatchesSomeListedOrder() throws {
        let g = Tensor(rows: [[1, 0.5, -1, 0.2], [-0.7, 1, 0.3, 0.1], [0.2, -1, 1, -0.4]])
        let a = try pcgrad(g, order: .random(seed: 7))
        #expect(a == (try pcgrad(g, order: .random(seed: 7))))
        // Every row of the random result is the row some fixed visiting order gives.
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        let candidates = try orders.map { try pcgrad(g, order: .listed($0)) }
        for i in 0..<3 {
            let row = Array(a.scalars[(4 * i)..<(4 * i + 4)])
            #expect(candidates.contains { Array($0.scalars[(4 * i)..<(4 * i + 4)]) == row })
        }
    }

    @Test func rejectsABadOrderAndANonMatrix() {
        #expect(throws: TensorError.self) {
            try pcgrad(Tensor(rows: [[1, 0], [0, 1]]), order: .listed([0, 0]))
        }
        #expect(throws: TensorError.self) { try pcgrad(Tensor([1, 2, 3])) }
    }
}
