import Foundation
import Tensors

/// A golden JSON file from Tests/MultiTaskTests/Golden (copied from the
/// project's shared float64 reference values), read by key paths.
struct Golden {
    let root: [String: Any]

    init(_ name: String, filePath: String = #filePath) throws {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name + ".json")
        let data = try Data(contentsOf: url)
        root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func value(_ path: String) -> Any {
        var node: Any = root
        for key in path.split(separator: "/") {
            guard let dict = node as? [String: Any], let next = dict[String(key)] else {
                fatalError("golden key \(path) missing at \(key)")
            }
            node = next
        }
        return node
    }

    func number(_ path: String) -> Double { (value(path) as! NSNumber).doubleValue }
    func vector(_ path: String) -> [Double] { (value(path) as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    func matrix(_ path: String) -> [[Double]] {
        (value(path) as! [Any]).map { ($0 as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    }
    func tensor(_ path: String) -> Tensor { Tensor(rows: matrix(path)) }
}

/// max |aᵢ − bᵢ| of two equally long lists.
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
