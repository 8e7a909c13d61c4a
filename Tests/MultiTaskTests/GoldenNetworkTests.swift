import MultiTask
import Tensors
import TestSupport
import Testing

/// mtl_base.json: the hand-derived network gradients the other golden tests
/// feed to the MTL building blocks agree with JAX/PyTorch to 1e-12.
@Suite struct GoldenNetworkTests {
    @Test func lossesAndGradientsMatchMtlBase() throws {
        let golden = try goldenFile("mtl_base")
        let net = TwoTaskNetwork(golden: golden)
        let g1 = net.gradients(task: 0)
        let g2 = net.gradients(task: 1)
        #expect(abs(g1.loss - golden.number("outputs/L1")) < 1e-12)
        #expect(abs(g2.loss - golden.number("outputs/L2")) < 1e-12)
        #expect(
            maxAbsDifference(net.representation.flatMap { $0 }, golden.matrix("outputs/Z").flatMap { $0 })
                < 1e-12)
        #expect(maxAbsDifference(g1.sharedFlat, golden.vector("outputs/grad_shared_task1_flat")) < 1e-12)
        #expect(maxAbsDifference(g2.sharedFlat, golden.vector("outputs/grad_shared_task2_flat")) < 1e-12)
        #expect(maxAbsDifference(g1.head, golden.matrix("outputs/grad_head1_task1/H").map { $0[0] }) < 1e-12)
        #expect(maxAbsDifference(g2.head, golden.matrix("outputs/grad_head2_task2/H").map { $0[0] }) < 1e-12)
        #expect(abs(g1.offset - golden.vector("outputs/grad_head1_task1/c")[0]) < 1e-12)
        #expect(abs(g2.offset - golden.vector("outputs/grad_head2_task2/c")[0]) < 1e-12)
        #expect(
            maxAbsDifference(g1.z.flatMap { $0 }, golden.matrix("outputs/grad_Z_task1").flatMap { $0 })
                < 1e-12)
        #expect(
            maxAbsDifference(g2.z.flatMap { $0 }, golden.matrix("outputs/grad_Z_task2").flatMap { $0 })
                < 1e-12)
    }

    @Test func cosineAndEqualWeightSumMatchMtlBase() throws {
        let golden = try goldenFile("mtl_base")
        let net = TwoTaskNetwork(golden: golden)
        let g = Tensor(rows: [net.gradients(task: 0).sharedFlat, net.gradients(task: 1).sharedFlat])
        let rows = [Tensor(g.scalars[0..<16].map { $0 }), Tensor(g.scalars[16..<32].map { $0 })]
        #expect(
            abs(try cosineSimilarity(rows[0], rows[1]) - golden.number("outputs/cosine_shared_grads")) < 1e-12
        )
        let sum = try sumOfRows(g)
        #expect(
            maxAbsDifference(sum.scalars, golden.vector("outputs/equal_weight_sum_grad_shared_flat")) < 1e-12)
    }
}
