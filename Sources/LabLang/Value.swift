import Diagnostics
import Terminal

/// A value the math library supplies (tensor, traced variable, model, plot,
/// formula…). The language core treats it as opaque and asks the `Host`.
/// Objects are immutable once made, so a value can be shared freely.
public protocol LabObject: AnyObject, Sendable {
    /// The kind name used in messages (`Matrix`, `Model`, …).
    var typeName: String { get }
}

/// A Lab value. Values are immutable (tensors are copy-on-write arrays
/// inside immutable boxes), so assignment copies cheaply and a function never
/// changes its caller's data.
public enum Value: @unchecked Sendable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case nothing
    case function(Function)
    case record(Record)
    case list([Value])
    case range(LabRange)
    case object(any LabObject)

    /// The kind name used in messages.
    public var typeName: String {
        switch self {
        case .number: return "Number"
        case .bool: return "Bool"
        case .string: return "String"
        case .nothing: return "nothing"
        case .function: return "Function"
        case .record: return "Record"
        case .list: return "List"
        case .range: return "Range"
        case let .object(o): return o.typeName
        }
    }
}

/// `(a = 1, b = "x")`: named fields in order.
public struct Record: Sendable {
    public var keys: [String]
    public var values: [Value]

    public init(keys: [String], values: [Value]) {
        precondition(keys.count == values.count)
        self.keys = keys
        self.values = values
    }

    public init(_ fields: [(String, Value)]) {
        self.init(keys: fields.map(\.0), values: fields.map(\.1))
    }

    public subscript(_ key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}

/// `start:step:stop` — an arithmetic sequence that behaves as a Vector.
/// Its length is ⌊(stop − start)/step + 10⁻¹⁰⌋ + 1 (the small slack keeps
/// `0:0.1:1` at 11 elements despite rounding), or 0 when that is negative.
public struct LabRange: Sendable, Equatable {
    public var start: Double
    public var step: Double
    public var stop: Double

    public init(start: Double, step: Double = 1, stop: Double) {
        self.start = start
        self.step = step
        self.stop = stop
    }

    public var count: Int {
        guard step != 0, start.isFinite, stop.isFinite, step.isFinite else { return 0 }
        let n = ((stop - start) / step + 1e-10).rounded(.down) + 1
        return n > 0 ? (n < 9.2e18 ? Int(n) : Int.max) : 0
    }

    /// The element at 0-based `i`.
    public func element(_ i: Int) -> Double { start + Double(i) * step }

    public var elements: [Double] { (0..<count).map(element) }
}

/// Shortest round-trip form, Julia style: `3`, `0.1`, `1.0e-8`, `Inf`, `NaN`.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
    if x == x.rounded() && Swift.abs(x) < 1e15 {
        return x == 0 ? "0" : String(Int64(x))
    }
    let s = "\(x)"
    guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
        if Swift.abs(x) >= 1e15, let dot = s.firstIndex(of: ".") {
            // 1234567890123456.0 → 1.234567890123456e15 (Swift switches to exponents only past 2⁵³).
            let sign = s.hasPrefix("-") ? "-" : ""
            var digits = String(s[..<dot].drop(while: { $0 == "-" }))
            let exponent = digits.count - 1
            while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
            let rest = digits.dropFirst()
            return sign + String(digits.prefix(1)) + "." + (rest.isEmpty ? "0" : rest) + "e"
                + String(exponent)
        }
        return s
    }
    var mantissa = String(s[..<e])
    var exponent = String(s[s.index(after: e)...])
    if !mantissa.contains(".") { mantissa += ".0" }
    var negative = false
    if exponent.hasPrefix("+") { exponent.removeFirst() }
    if exponent.hasPrefix("-") {
        negative = true
        exponent.removeFirst()
    }
    while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
    return mantissa + "e" + (negative ? "-" : "") + exponent
}

/// `text` cut after each `, ` or `; ` outside string literals (and, with `outsideBrackets`,
/// outside `[ ]`), the separator's space dropped: the entries a display or a line of code
/// may be broken between.
public func entries(of text: String, outsideBrackets: Bool) -> [String] {
    cut(text, outsideBrackets: outsideBrackets, keepingEmpty: true) { $0 == "," || $0 == ";" }
}

/// `text` cut at the spaces outside string literals (and, with `outsideBrackets`, outside
/// `[ ]`) that follow a character `after` accepts, those spaces dropped: the one scanner
/// behind `entries(of:outsideBrackets:)` and `spaced`.
private func cut(
    _ text: String, outsideBrackets: Bool, keepingEmpty: Bool, after: (Character) -> Bool
) -> [String] {
    var pieces: [String] = []
    var current = ""
    var previous: Character = " "
    var brackets = 0
    var inString = false
    for c in text {
        if c == "\"" && previous != "\\" { inString.toggle() }
        if outsideBrackets && !inString && c == "[" { brackets += 1 }
        if outsideBrackets && !inString && c == "]" { brackets -= 1 }
        if c == " " && after(previous) && brackets == 0 && !inString {
            if keepingEmpty || !current.isEmpty { pieces.append(current) }
            current = ""
        } else {
            current.append(c)
        }
        previous = c
    }
    if keepingEmpty || !current.isEmpty { pieces.append(current) }
    return pieces
}

/// Lab source packed into lines of `width` columns (the first `firstLine`), broken after
/// `, ` or `; ` outside strings and `[ ]` (where a newline starts a matrix row), so the
/// lines still run (the help's examples). With `atSpaces` (the session's echo of a long
/// command, shown with a continuation marker), a piece still wider than a line also breaks
/// at its spaces outside strings and brackets. A piece with no break stays whole.
public func wrapCode(_ code: String, width: Int, firstLine: Int, atSpaces: Bool = false) -> [String] {
    let pieces = entries(of: code, outsideBrackets: true).flatMap { piece -> [String] in
        atSpaces && displayWidth(piece) > width ? spaced(piece) : [piece]
    }
    var lines: [String] = []
    var line = ""
    for piece in pieces {
        let room = lines.isEmpty ? firstLine : width
        if line.isEmpty {
            line = piece
        } else if displayWidth(line) + 1 + displayWidth(piece) <= room {
            line += " " + piece
        } else {
            lines.append(line)
            line = piece
        }
    }
    lines.append(line)
    return lines
}

/// `code` cut at its spaces outside string literals and `[ ]`.
private func spaced(_ code: String) -> [String] {
    cut(code, outsideBrackets: true, keepingEmpty: false) { _ in true }
}

/// One-line text broken into lines of at most `width` characters between entries: after
/// `, ` or `; ` outside strings (the entries of a Record, List, Vector or matrix rows), and
/// an entry still wider than a line at its spaces (between a matrix's numbers) — never
/// inside a number. Lines after the first are indented by `indent`; a single word wider
/// than a line stays whole.
public func wrappedAtEntries(_ text: String, width: Int, indent: Int) -> [String] {
    if text.count <= width { return [text] }
    var pieces = entries(of: text, outsideBrackets: false)
    let margin = String(repeating: " ", count: indent)
    let room = Swift.max(1, width - indent)
    // An entry wider than a line breaks at its spaces (outside strings).
    pieces = pieces.flatMap { piece -> [String] in
        guard piece.count > room, !piece.contains("\"") else { return [piece] }
        return piece.split(separator: " ").map(String.init)
    }
    var lines: [String] = []
    var line = ""
    for piece in pieces {
        if line.isEmpty {
            line = (lines.isEmpty ? "" : margin) + piece
        } else if line.count + 1 + piece.count <= width {
            line += " " + piece
        } else {
            lines.append(line)
            line = margin + piece
        }
    }
    lines.append(line)
    return lines
}

/// A string literal as Lab would write it.
public func quoteString(_ s: String) -> String {
    var out = "\""
    for c in s {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\u{1B}": out += "\\e"  // never a raw escape sequence on the terminal
        default:
            if c.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                for u in c.unicodeScalars {
                    out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
                }
            } else {
                out.append(c)
            }
        }
    }
    return out + "\""
}

/// How output is drawn: terminal width, colour, ASCII-only, and whether plots
/// may be images (`graphics`, `.none` unless the terminal was asked and answered).
public struct DisplayOptions: Sendable {
    public var width: Int
    public var height: Int
    public var color: Bool
    public var ascii: Bool
    public var graphics: GraphicsSupport

    public init(
        width: Int = 80, height: Int = 24, color: Bool = false, ascii: Bool = false,
        graphics: GraphicsSupport = .none
    ) {
        self.width = width
        self.height = height
        self.color = color
        self.ascii = ascii
        self.graphics = graphics
    }
}

// MARK: nesting limit

extension Value {
    /// The deepest nesting of Lists and Records a value may have.
    ///
    /// Walking a value (display, `leafwise` arithmetic, gradients, and Swift's
    /// own release of nested arrays) recurses once per level, so an unbounded
    /// depth (`v = list(v)` 200,000 times) overflowed the stack and crashed.
    /// Every place that puts values inside a new container (a builtin's result,
    /// a record or tuple literal, a field assignment) checks this limit, so no
    /// deeper value ever exists. Real programs nest a handful of levels.
    public static let maximumNesting = 1000

    /// The longest String (in UTF-8 bytes) concatenation may build: 64 MiB.
    public static let maximumStringBytes = 64 << 20

    /// The most elements a tensor (or a comprehension's result) may have: 50 million
    /// (LANGUAGE.md); more is a `limit` error.
    public static let maximumElements = 50_000_000

    /// How many List/Record levels `self` has (0 for a number, a string, a tensor…).
    /// Iterative, and each shared array is measured once (`list(v, v)` doubling
    /// stays linear). Stops early once past `limit`.
    /// - Complexity: O(distinct containers + their elements).
    public func nestingDepth(limit: Int = Value.maximumNesting) -> Int {
        func children(_ v: Value) -> [Value]? {
            switch v {
            case let .list(items): return items
            case let .record(r): return r.values
            default: return nil
            }
        }
        guard let top = children(self) else { return 0 }
        var memo: [UnsafeRawPointer: Int] = [:]
        func key(_ items: [Value]) -> UnsafeRawPointer? {
            items.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
        }
        // Post-order over an explicit stack: (children, next child index, best depth so far).
        var stack: [(items: [Value], next: Int, best: Int)] = [(top, 0, 0)]
        while var frame = stack.popLast() {
            if stack.count >= limit { return stack.count + 1 }
            if frame.next < frame.items.count {
                let child = frame.items[frame.next]
                frame.next += 1
                if let grand = children(child) {
                    if let k = key(grand), let known = memo[k] {
                        frame.best = Swift.max(frame.best, known)
                        stack.append(frame)
                    } else {
                        stack.append(frame)
                        stack.append((grand, 0, 0))
                    }
                } else {
                    stack.append(frame)
                }
                continue
            }
            let depth = frame.best + 1
            if let k = key(frame.items) { memo[k] = depth }
            if depth > limit { return depth }
            if var parent = stack.popLast() {
                parent.best = Swift.max(parent.best, depth)
                stack.append(parent)
            } else {
                return depth
            }
        }
        return 0
    }

    /// `self`, or a `limit` error when it nests Lists and Records deeper than `maximumNesting`.
    public func checkedNesting() throws -> Value {
        switch self {
        case .list, .record:
            guard nestingDepth() > Value.maximumNesting else { return self }
            throw Diagnostic.lab(.limit, "Lists and Records nest at most \(Value.maximumNesting) levels deep")
        default:
            return self
        }
    }
}
