import Tensors
import Testing

@testable import Autodiff

/// The node table the gradient walk uses in place of `Dictionary` (a multiply hash of
/// the address instead of SipHash): checked against a `Dictionary` keyed by
/// `ObjectIdentifier`, across the growth of the table.
@Suite struct NodeTableTests {
    @Test func agreesWithADictionaryAcrossGrowth() {
        let nodes = (0..<1000).map { Variable(Double($0)) }
        var table = NodeTable(minimumCapacity: 4)
        var oracle: [ObjectIdentifier: Int] = [:]
        for (i, node) in nodes.enumerated() where i % 3 != 0 {
            table[node] = i
            oracle[ObjectIdentifier(node)] = i
        }
        for (i, node) in nodes.enumerated() where i % 5 == 0 {
            table[node] = -i  // updates some and inserts others
            oracle[ObjectIdentifier(node)] = -i
        }
        #expect(table.count == oracle.count)
        for node in nodes {
            #expect(table[node] == oracle[ObjectIdentifier(node)])
        }
        #expect(table[Variable(0)] == nil)
    }

    /// A chain of 600 nodes sharing one leaf (more than the walk's first table holds):
    /// y₀ = x, yₖ₊₁ = yₖ + x, so y₆₀₀ = 601·x and ∂y/∂x = 601; an unused leaf gets 0.
    @Test func aLongSharedChainHasTheClosedFormGradient() throws {
        let x = Variable(1.5)
        let unused = Variable(2.0)
        var y = x
        for _ in 0..<600 { y = try y + x }
        let g = try gradientTensors(of: y, wrt: [x, unused])
        #expect(g[0].scalar == 601)
        #expect(g[1].scalar == 0)
    }
}
