import Foundation
import NeuralNets
import Tensors

/// Reads a golden JSON file from this target's Golden/ folder (float64
/// JAX/PyTorch values, see /work/shared/golden/README.md).
struct GoldenFile {
    let root: [String: Any]

    init(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name)
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// The value at a dotted path ("outputs.meta_loss").
    subscript(path: String) -> Any {
        var node: Any = root
        for key in path.split(separator: ".") { node = (node as! [String: Any])[String(key)]! }
        return node
    }

    func number(_ path: String) -> Double { (self[path] as! NSNumber).doubleValue }
    func tensor(_ path: String) -> Tensor { goldenTensor(self[path]) }
}

/// Nested JSON lists of numbers as a Tensor (the shape from the nesting).
func goldenTensor(_ json: Any) -> Tensor {
    var shape: [Int] = []
    var probe = json
    while let list = probe as? [Any] {
        shape.append(list.count)
        guard let first = list.first else { break }
        probe = first
    }
    func flatten(_ node: Any) -> [Double] {
        if let list = node as? [Any] { return list.flatMap(flatten) }
        return [(node as! NSNumber).doubleValue]
    }
    return Tensor(shape: shape, scalars: flatten(json))
}

/// A list of `{W, b}` layers.
func goldenLayers(_ json: Any) -> [LayerParameters] {
    (json as! [[String: Any]]).map { LayerParameters(weight: goldenTensor($0["W"]!), bias: goldenTensor($0["b"]!)) }
}

/// max |a − b| / max(1, max |b|).
func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.count == b.count, "comparing \(a.shape) with \(b.shape)")
    var worst = 0.0
    var scale = 1.0
    for i in 0..<a.count {
        worst = max(worst, abs(a.scalars[i] - b.scalars[i]))
        scale = max(scale, abs(b.scalars[i]))
    }
    return worst / scale
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(b)) }
