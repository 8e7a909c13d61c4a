import Autodiff
import Foundation
import Synchronization
import Tensors
import TestSupport
import Testing

/// The graph: constants, accumulation, pruning, errors, and release after use.
@Suite struct VariableTests {
    @Test func gradientsAccumulateOverEveryPath() throws {
        let x = Variable(Tensor([1.5, -2]))
        let y = try (x * x + 3 * x).sum()  // ∂ = 2x + 3
        #expect(try gradientTensors(of: y, wrt: [x])[0] == Tensor([6, -1]))
    }

    @Test func constantsAndUnusedVariablesGetZeros() throws {
        let x = Variable(Tensor([1, 2]))
        let c = Variable(constant: Tensor([3, 4]))
        let unused = Variable(Tensor(shape: [2, 2], repeating: 1))
        let y = try (x * c).sum()
        let g = try gradientTensors(of: y, wrt: [x, c, unused])
        #expect(g == [Tensor([3, 4]), Tensor([0, 0]), Tensor.zeros([2, 2])])
        #expect(!(try c * c).requiresGrad)
        #expect(!x.detached().requiresGrad)
    }

    @Test func detachedStopsTheGradient() throws {
        let x = Variable(2.0)
        let y = try x * x.detached()  // ∂ = x, not 2x
        #expect(try gradientTensors(of: y, wrt: [x])[0].scalar == 2)
    }

    @Test func withoutCreateGraphTheGradientIsAConstant() throws {
        let x = Variable(1.0)
        let g = try gradients(of: sin(x), wrt: [x])[0]
        #expect(!g.requiresGrad)
        let recorded = try gradients(of: sin(x), wrt: [x], createGraph: true)[0]
        #expect(recorded.requiresGrad)
    }

    @Test func gradientWithRespectToAnIntermediateNode() throws {
        let x = Variable(Tensor([1, 2]))
        let h = 3 * x
        let y = square(h).sum()
        let g = try gradientTensors(of: y, wrt: [h, x])
        #expect(g[0] == Tensor([6, 12]))
        #expect(g[1] == Tensor([18, 36]))
    }

    @Test func aSeedGivesTheVectorJacobianProduct() throws {
        let x = Variable(Tensor([1, 2, 3]))
        let y = square(x)
        let g = try gradients(of: y, wrt: [x], seed: Variable(constant: Tensor([1, 0, -1])))
        #expect(g[0].value == Tensor([2, 0, -6]))
        #expect(throws: TensorError.shapeMismatch(operation: "gradient seed", lhs: [2], rhs: [3])) {
            _ = try gradients(of: y, wrt: [x], seed: Variable(constant: Tensor([1, 0])))
        }
    }

    @Test func shapeErrorsAreTypedTensorErrors() {
        let a = Variable(Tensor.zeros([2, 3]))
        let b = Variable(Tensor.zeros([3, 2]))
        #expect(throws: TensorError.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [3, 2])) { _ = try a + b }
        #expect(throws: TensorError.shapeMismatch(operation: "matrix product", lhs: [2, 3], rhs: [2, 3])) {
            _ = try matmul(a, a)
        }
        #expect(throws: TensorError.indexOutOfRange(index: 3, dimension: 0, size: 2)) {
            _ = try a.gathered([0, 3], alongAxis: 0)
        }
        #expect(throws: TensorError.axisOutOfRange(axis: 2, rank: 2)) { _ = try a.sum(axes: [2]) }
        #expect(throws: TensorError.reshapeCount(from: [2, 3], to: [4])) { _ = try a.reshaped([4]) }
    }

    @Test func piecewiseConstantFunctionsHaveZeroGradient() throws {
        let x = Variable(Tensor([0.3, -1.7]))
        for f in [floor, ceil, round, sign, heaviside] as [(Variable) -> Variable] {
            let y = try (f(x) * x).sum()  // ∂ = f(x), f treated as a constant
            #expect(try gradientTensors(of: y, wrt: [x])[0] == f(x).value)
        }
    }

    /// Nodes hold their inputs and never their outputs, so the graph of a loss —
    /// and the recorded graph of its gradient — is freed with its last reference.
    @Test func theGraphIsReleasedAfterUse() throws {
        weak var weakLoss: Variable?
        weak var weakGradient: Variable?
        weak var weakHidden: Variable?
        let x = Variable(Tensor([0.5, -0.25, 2]))
        var result = Tensor(0)
        do {
            let hidden = tanh(x * 3)
            let loss = square(hidden).sum()
            let g = try gradients(of: loss, wrt: [x], createGraph: true)[0]
            result = try gradientTensors(of: g.sum(), wrt: [x])[0]
            weakLoss = loss
            weakGradient = g
            weakHidden = hidden
        }
        #expect(weakLoss == nil)
        #expect(weakGradient == nil)
        #expect(weakHidden == nil)
        #expect(result.count == 3)
    }

    @Test func aLongChainDoesNotOverflowTheStack() throws {
        let x = Variable(1.0)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        let g = try gradientTensors(of: y, wrt: [x])[0].scalar!
        #expect(abs(g - Double.pow(1.0001, 20_000)) < 1e-9 * g)
    }
}

/// The fast paths for common broadcasts give exactly Tensors' results.
@Suite struct FastPathTests {
    @Test(arguments: [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([3, 4], [1, 4]), ([2, 3, 4], [3, 4]),
        ([3, 4], []), ([], [2, 2]), ([3, 1], [1, 4]), ([1, 1, 4], [3, 4]), ([0, 4], [4]),
    ])
    func arithmeticMatchesTensors(_ shapes: ([Int], [Int])) throws {
        var rng = SplitMix64(seed: 9)
        let a = randomTensor(shapes.0, in: 0.5...2, using: &rng)
        let b = randomTensor(shapes.1, in: 0.5...2, using: &rng)
        let (x, y) = (Variable(a), Variable(b))
        #expect(try (x + y).value == a + b)
        #expect(try (x - y).value == a - b)
        #expect(try (x * y).value == a * b)
        #expect(try (x / y).value == a / b)
        let sum = try (x + y).value
        #expect(try sum.shape == (a + b).shape)
        for target in [shapes.0, shapes.1] {
            #expect(try Variable(sum).sum(toShape: target).value == sum.sum(toShape: target))
        }
    }
}

/// Operations composed of other Variable ops give the values of their Tensors counterparts.
@Suite struct CompositeValueTests {
    @Test func compositesMatchTensors() throws {
        var rng = SplitMix64(seed: 10)
        let a = randomTensor([2, 3], in: -1...1, using: &rng)
        let x = Variable(a)
        #expect(try x.tiled([2, 1, 2]).value == a.tiled([2, 1, 2]))
        #expect(try x.tiled([3]).value == a.tiled([3]))
        #expect(try x.repeated(3, alongAxis: 0).value == a.repeated(3, alongAxis: 0))
        #expect(try x.cumulativeSum(axis: 1).value == a.cumulativeSum(axis: 1))
        #expect(try x.expanded(axis: -1).value == a.expanded(axis: -1))
        #expect(relativeError(try x.variance(axes: [0]).value, try a.variance(axes: [0])) < 1e-15)
        #expect(relativeError(try x.standardDeviation().value, try a.standardDeviation()) < 1e-15)
        #expect(relativeError(try x.logSumExp(axes: [1]).value, try a.logSumExp(axes: [1])) < 1e-15)
        #expect(relativeError(try x.softmax().value, try a.softmax()) < 1e-15)
        #expect(abs(x.norm(3).scalar! - a.norm(3)) < 1e-15)
    }
}

/// Issue 18, items 5 and 6: freeing a long graph never recurses deeply, and live nodes are counted.
@Suite(.timeLimit(.minutes(3))) struct GraphReleaseTests {
    @Test func aMillionLongChainIsFreedOnASmallStack() {
        let finished = Event()
        let counts = Mutex<(during: Int, headFreed: Bool)>((0, false))
        let thread = Thread {
            weak var head: Variable?
            do {
                let x = Variable(1.0)
                head = x
                var y = x
                for _ in 0..<1_000_000 { y = y * 1.0 }
                counts.withLock { $0.during = Variable.liveGraphNodes }
            }
            // The whole chain was released on this 512 KiB stack (a recursive release would
            // have crashed), down to its first node. (Variable.liveGraphNodes is process-wide
            // and parallel tests change it, so it is only checked to have counted the chain.)
            counts.withLock { $0.headFreed = head == nil }
            finished.set()
        }
        thread.stackSize = 1 << 19  // 512 KiB: a recursive release of 10⁶ nodes needs hundreds of MB
        thread.start()
        #expect(finished.wait(seconds: 50), "releasing the chain did not finish")
        let (during, headFreed) = counts.withLock { $0 }
        #expect(during >= 1_000_000)
        #expect(headFreed, "the chain's first node is still alive")
    }
}
