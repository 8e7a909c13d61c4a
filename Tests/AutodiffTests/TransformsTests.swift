import Autodiff
import Tensors
import TestSupport
import Testing

/// Closed forms for higher derivatives and the function transforms.
@Suite struct TransformsTests {
    @Test(arguments: [-2.0, -0.3, 0.0, 1.1, 2.9])
    func secondDerivativeOfSineIsMinusSine(_ x0: Double) throws {
        let x = Variable(x0)
        let first = try gradients(of: sin(x), wrt: [x], createGraph: true)[0]
        let second = try gradients(of: first, wrt: [x], createGraph: true)[0]
        let third = try gradients(of: second, wrt: [x])[0]
        #expect(abs(first.scalar! - Double.cos(x0)) < 1e-15)
        #expect(abs(second.scalar! + Double.sin(x0)) < 1e-15)
        #expect(abs(third.scalar! + Double.cos(x0)) < 1e-15)
    }

    @Test func fourthDerivativeOfExpOfTwoX() throws {
        // dⁿ/dxⁿ e^{2x} = 2ⁿ e^{2x}: every order is recorded again.
        let x = Variable(0.3)
        var d = exp(2 * x)
        for n in 1...4 {
            d = try gradients(of: d, wrt: [x], createGraph: true)[0]
            #expect(
                abs(d.scalar! - Double.pow(2, Double(n)) * Double.exp(0.6)) < 1e-12 * Double.pow(2, Double(n))
            )
        }
    }

    @Test func hessianOfAQuadraticFormIsAPlusATransposed() throws {
        var rng = SplitMix64(seed: 5)
        let a = randomTensor([4, 4], in: -1...1, using: &rng)
        let x = randomTensor([4], in: -1...1, using: &rng)
        let h = try hessian(of: { x in try dot(x, matmul(Variable(constant: a), x)) }, at: x)
        #expect(h.shape == [4, 4])
        #expect(relativeError(h, try a + a.transposed) < 1e-15)
    }

    @Test func hvpIsTheHessianTimesTheDirection() throws {
        var rng = SplitMix64(seed: 6)
        let x = randomTensor([5], in: -1...1, using: &rng)
        let v = randomTensor([5], in: -1...1, using: &rng)
        let f: (Variable) throws -> Variable = { x in try (tanh(x) * sin(x)).sum() + pow(x.norm(), 3) }
        let h = try hessian(of: f, at: x)
        let hv = try hvp(of: f, at: x, direction: v)
        #expect(relativeError(hv, try matmul(h, v)) < 1e-14)
        #expect(relativeError(h, h.transposed) < 1e-14)
    }

    @Test func jacobianOfAMatrixTimesAVectorIsTheMatrix() throws {
        var rng = SplitMix64(seed: 7)
        let a = randomTensor([3, 4], in: -1...1, using: &rng)
        let j = try jacobian(
            of: { x in try matmul(Variable(constant: a), x) }, at: randomTensor([4], in: -1...1, using: &rng))
        #expect(j == a)
    }

    @Test func valueAndGradientOfSeveralArguments() throws {
        let (value, grads) = try valueAndGradient(
            of: { v in try (v[0] * v[1]).sum() }, at: [Tensor([1, 2]), Tensor([3, 4])])
        #expect(value == 11)
        #expect(grads == [Tensor([3, 4]), Tensor([1, 2])])
        let g = try gradient(of: { x in square(x).sum() }, at: Tensor([1, -2]))
        #expect(g == Tensor([2, -4]))
    }

    @Test func numericalGradientOfAQuadratic() {
        let g = numericalGradient(
            of: { x in x.scalars.reduce(0) { $0 + $1 * $1 } }, at: Tensor([1, -2, 0.5]))
        #expect(relativeError(g, Tensor([2, -4, 1])) < 1e-9)
    }

    @Test func transformsRejectANonScalarFunction() {
        #expect(throws: TensorError.self) { _ = try gradient(of: { x in x * 2 }, at: Tensor([1, 2])) }
        #expect(throws: TensorError.self) {
            _ = try hvp(of: { x in x.sum() }, at: Tensor([1, 2]), direction: Tensor([1, 2, 3]))
        }
    }
}
