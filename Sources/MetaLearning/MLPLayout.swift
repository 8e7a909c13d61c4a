import NeuralNets
import Tensors

/// Where each layer's parameters live in one flat vector, in the golden files'
/// order: layer 0 W (in×out, row-major), layer 0 b, layer 1 W, layer 1 b, …
struct MLPLayout: Equatable, Sendable {
    /// Widths d₀ (input) … d_L (output).
    let sizes: [Int]
    let weightOffset: [Int]
    let biasOffset: [Int]
    /// Σ_l (d_l·d_{l+1} + d_{l+1}).
    let parameterCount: Int

    init(sizes: [Int]) {
        self.sizes = sizes
        var w: [Int] = [], b: [Int] = [], offset = 0
        for l in 0..<(sizes.count - 1) {
            w.append(offset)
            offset += sizes[l] * sizes[l + 1]
            b.append(offset)
            offset += sizes[l + 1]
        }
        weightOffset = w
        biasOffset = b
        parameterCount = offset
    }

    var layerCount: Int { sizes.count - 1 }
    var inputSize: Int { sizes[0] }
    var outputSize: Int { sizes[sizes.count - 1] }

    /// The layout of `layers`, or a located complaint about the first layer whose
    /// input width differs from the previous layer's output width.
    static func of(_ layers: [LayerParameters]) throws(MetaLearningError) -> MLPLayout {
        guard let first = layers.first else { throw .emptyNetwork }
        var sizes = [first.inputSize]
        for (l, layer) in layers.enumerated() {
            guard layer.inputSize == sizes[l] else {
                throw .layerWidthMismatch(layer: l, expectedInputs: sizes[l], actualInputs: layer.inputSize)
            }
            sizes.append(layer.outputSize)
        }
        return MLPLayout(sizes: sizes)
    }

    /// Copies `layers` into `out` (parameterCount elements) in flatten order.
    func write(_ layers: [LayerParameters], into out: UnsafeMutablePointer<Double>) {
        for (l, layer) in layers.enumerated() {
            layer.weight.scalars.withUnsafeBufferPointer {
                (out + weightOffset[l]).update(from: $0.baseAddress!, count: $0.count)
            }
            layer.bias.scalars.withUnsafeBufferPointer {
                (out + biasOffset[l]).update(from: $0.baseAddress!, count: $0.count)
            }
        }
    }

    /// Layers read back from a flat vector in flatten order.
    func layers(from flat: UnsafePointer<Double>) -> [LayerParameters] {
        (0..<layerCount).map { l in
            let (din, dout) = (sizes[l], sizes[l + 1])
            return LayerParameters(
                weight: Tensor(
                    shape: [din, dout],
                    scalars: Array(UnsafeBufferPointer(start: flat + weightOffset[l], count: din * dout))),
                bias: Tensor(
                    shape: [dout],
                    scalars: Array(UnsafeBufferPointer(start: flat + biasOffset[l], count: dout))))
        }
    }
}
