import Foundation
import Tensors
import Testing

/// A golden JSON file: float64 reference values computed by JAX or PyTorch (see the
/// README in each test target's `Golden/` folder), read by key paths like
/// `"outputs/meta_loss"`. The files live inside the project; tests never read `../shared`.
///
/// A missing key or a value of the wrong type is recorded as a test issue naming the file
/// and the path, and the accessor returns NaN (or an empty tensor), so the comparison that
/// uses it fails too instead of crashing the test process.
public struct GoldenJSON: @unchecked Sendable {
    public let name: String
    let root: Any

    /// Reads `folder/name` (`.json` is added when `name` has no extension).
    public init(_ name: String, in folder: URL) throws {
        let file = name.hasSuffix(".json") ? name : name + ".json"
        self.name = file
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
    }

    /// The `Golden/` folder beside the calling test file.
    public static func folder(besides filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// The JSON node at `path` (keys separated by `/`), or nil with a recorded issue.
    public func value(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        var node: Any = root
        for key in path.split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(key)] else {
                Issue.record(
                    "\(name) has no key `\(path)` (missing at `\(key)`)", sourceLocation: sourceLocation)
                return nil
            }
            node = next
        }
        return node
    }

    public func number(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        guard let node = value(path, sourceLocation: sourceLocation) else { return .nan }
        guard let n = node as? NSNumber else {
            Issue.record("\(name): `\(path)` is not a number", sourceLocation: sourceLocation)
            return .nan
        }
        return n.doubleValue
    }

    public func vector(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
        let t = tensor(path, sourceLocation: sourceLocation)
        return t.scalars
    }

    public func matrix(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[Double]] {
        let t = tensor(path, sourceLocation: sourceLocation)
        guard t.shape.count == 2 else {
            if !t.scalars.isEmpty {
                Issue.record("\(name): `\(path)` is not a matrix", sourceLocation: sourceLocation)
            }
            return []
        }
        return (0..<t.shape[0]).map { i in Array(t.scalars[(i * t.shape[1])..<((i + 1) * t.shape[1])]) }
    }

    /// Nested lists of numbers as a Tensor, its shape read from the nesting (a number is a scalar).
    public func tensor(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> Tensor {
        guard let node = value(path, sourceLocation: sourceLocation) else {
            return Tensor(shape: [0], scalars: [])
        }
        guard let t = Self.tensor(node) else {
            Issue.record(
                "\(name): `\(path)` is not a rectangular list of numbers", sourceLocation: sourceLocation)
            return Tensor(shape: [0], scalars: [])
        }
        return t
    }

    /// `node` as a Tensor, nil when it is not a rectangular nesting of numbers.
    public static func tensor(_ node: Any) -> Tensor? {
        var shape: [Int] = []
        var probe = node
        while let list = probe as? [Any] {
            shape.append(list.count)
            guard let first = list.first else { break }
            probe = first
        }
        var scalars: [Double] = []
        func flatten(_ n: Any, depth: Int) -> Bool {
            if let list = n as? [Any] {
                guard depth < shape.count, list.count == shape[depth] else { return false }
                return list.allSatisfy { flatten($0, depth: depth + 1) }
            }
            guard depth == shape.count, let x = n as? NSNumber else { return false }
            scalars.append(x.doubleValue)
            return true
        }
        guard flatten(node, depth: 0) else { return nil }
        return Tensor(shape: shape, scalars: scalars)
    }
}
