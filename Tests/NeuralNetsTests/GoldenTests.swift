import Autodiff
import NeuralNets
import Tensors
import TestSupport
import Testing

/// Agreement with the float64 JAX/PyTorch reference values to 1e-12.
@Suite struct GoldenTests {
    let tolerance = 1e-12

    @Test func hvpTanhGradientHVPAndFullHessian() throws {
        let golden = try goldenFile("hvp_tanh.json")
        let layers = GoldenJSON.layers(golden.value("inputs/params"))
        let mlp = MLP(parameters: layers, activation: .tanh)
        let x = Variable(constant: golden.tensor("inputs/support_x"))
        let y = Variable(constant: golden.tensor("inputs/support_y"))
        let flat = golden.tensor("inputs/params_flat")
        #expect(flat.scalars == layers.flattened)
        let loss: (Variable) throws -> Variable = { theta in
            try meanSquaredError(mlp(x, parameters: [LayerVariables](unflattening: theta, like: layers)), y)
        }
        let (value, grad) = try valueAndGradient(of: loss, at: flat)
        let v = golden.tensor("inputs/v")
        let hv = try hvp(of: loss, at: flat, direction: v)
        let h = try hessian(of: loss, at: flat)
        let vHv = try dot(v, hv)
        #expect(relativeError(value, golden.number("outputs/loss")) < tolerance)
        #expect(relativeError(grad, golden.tensor("outputs/grad_flat")) < tolerance)
        #expect(relativeError(hv, golden.tensor("outputs/hvp")) < tolerance)
        #expect(h.shape == [97, 97])
        #expect(relativeError(h, golden.tensor("outputs/hessian")) < tolerance)
        #expect(relativeError(vHv, golden.number("outputs/vHv")) < tolerance)
    }

    /// The meta-gradient by the generic path: the inner step is taken with
    /// `createGraph`, so differentiating the query loss after it includes the
    /// Hessian term — second order through an MLP.
    @Test(arguments: ["maml_tanh_1step.json", "maml_relu_1step.json"])
    func genericMAMLMetaGradient(_ file: String) throws {
        let golden = try goldenFile(file)
        let layers = GoldenJSON.layers(golden.value("inputs/params"))
        let activation = Activation(rawValue: golden.value("hyperparameters/activation") as! String)!
        let alpha = golden.number("hyperparameters/alpha")
        let mlp = MLP(parameters: layers, activation: activation)
        let tasks = golden.value("inputs/tasks") as! [[String: Any]]
        let perTask = golden.value("outputs/per_task") as! [[String: Any]]

        let theta = mlp.variables()
        var metaLoss = Variable(constant: Tensor(0))
        var fomaml = [Tensor](repeating: Tensor(0), count: 0)
        for (t, task) in tasks.enumerated() {
            let xs = Variable(constant: GoldenJSON.tensor(task["support_x"]!)!)
            let ys = Variable(constant: GoldenJSON.tensor(task["support_y"]!)!)
            let xq = Variable(constant: GoldenJSON.tensor(task["query_x"]!)!)
            let yq = Variable(constant: GoldenJSON.tensor(task["query_y"]!)!)
            let supportLoss = try meanSquaredError(mlp(xs, parameters: theta), ys)
            let inner = try gradients(of: supportLoss, wrt: theta.variables, createGraph: true)
            let adapted = try zip(theta.variables, inner).map { try $0 - alpha * $1 }
            let queryLoss = try meanSquaredError(mlp(xq, parameters: [LayerVariables](pairs: adapted)), yq)
            metaLoss = try metaLoss + queryLoss / Double(tasks.count)

            // Per-task values: losses, the inner gradient, the adapted parameters, this task's meta-gradient.
            let expected = perTask[t]
            #expect(relativeError(supportLoss.scalar!, (expected["pre_support_loss"] as! Double)) < tolerance)
            #expect(relativeError(queryLoss.scalar!, (expected["post_query_loss"] as! Double)) < tolerance)
            let innerGolden = GoldenJSON.layers((expected["inner_grads"] as! [Any])[0]).flattened
            #expect(relativeError(Tensor(inner.flatMap(\.value.scalars)), Tensor(innerGolden)) < tolerance)
            let adaptedGolden = GoldenJSON.layers((expected["adapted_params_after_each_step"] as! [Any])[0])
                .flattened
            #expect(
                relativeError(Tensor(adapted.flatMap(\.value.scalars)), Tensor(adaptedGolden)) < tolerance)
            let taskMeta = try gradientTensors(of: queryLoss, wrt: theta.variables)
            #expect(
                relativeError(
                    Tensor(taskMeta.flatMap(\.scalars)),
                    Tensor(GoldenJSON.layers(expected["meta_grad"]!).flattened)) < tolerance)

            // First order: the query gradient at the adapted parameters, inner gradients held constant.
            let adaptedConstant = [LayerVariables](pairs: adapted.map { Variable($0.value) })
            let fo = try gradientTensors(
                of: meanSquaredError(mlp(xq, parameters: adaptedConstant), yq), wrt: adaptedConstant.variables
            )
            fomaml = fomaml.isEmpty ? fo : try zip(fomaml, fo).map { try $0 + $1 }
        }
        let metaGradient = try gradientTensors(of: metaLoss, wrt: theta.variables)
        #expect(relativeError(metaLoss.scalar!, golden.number("outputs/meta_loss")) < tolerance)
        #expect(
            relativeError(Tensor(metaGradient.flatMap(\.scalars)), golden.tensor("outputs/meta_grad_flat"))
                < tolerance)
        let fomamlFlat = Tensor(fomaml.flatMap(\.scalars)) / Double(tasks.count)
        #expect(relativeError(fomamlFlat, golden.tensor("outputs/fomaml_grad_flat")) < tolerance)
    }
}
