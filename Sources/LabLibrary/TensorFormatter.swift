import LabLang
import Tensors
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `x` rounded to 6 significant digits, in Lab's number form (`0.333333`, `1.0e-8`, `3`).
func formatSignificant(_ x: Double, digits: Int = 6) -> String {
    if !x.isFinite || (x == x.rounded() && Swift.abs(x) < 1e15) { return formatNumber(x) }
    var buffer = [CChar](repeating: 0, count: 64)
    let written = withVaList([digits, x]) { vsnprintf(&buffer, 64, "%.*g", $0) }
    guard written > 0 else { return formatNumber(x) }
    let text = String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return formatNumber(Double(text) ?? x)
}

/// Draws tensors as LANGUAGE.md says: a header (`3-element Vector`,
/// `2×3 Matrix`), right-aligned columns of 6 significant digits, middle rows
/// and columns elided past the terminal's size.
struct TensorFormatter {
    var options: DisplayOptions

    var ellipsis: String { options.ascii ? "..." : "…" }
    var vertical: String { options.ascii ? ":" : "⋮" }

    func header(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return ""
        case 1: return "\(shape[0])-element Vector"
        case 2: return "\(shape[0])×\(shape[1]) Matrix".replacingTimes(ascii: options.ascii)
        default:
            return "\(shape.map(String.init).joined(separator: "×")) Tensor".replacingTimes(
                ascii: options.ascii)
        }
    }

    func display(_ t: Tensor) -> String {
        switch t.rank {
        case 0: return formatSignificant(t.scalars[0])
        case 1:
            if t.count == 0 { return header(t.shape) }
            return header(t.shape) + ":\n" + grid(rows: t.count, columns: 1) { i, _ in t.scalars[i] }
        case 2:
            if t.count == 0 { return header(t.shape) }
            let c = t.shape[1]
            return header(t.shape) + ":\n"
                + grid(rows: t.shape[0], columns: c) { i, j in t.scalars[i * c + j] }
        default:
            var out = header(t.shape) + ":"
            let r = t.shape[t.rank - 2]
            let c = t.shape[t.rank - 1]
            let block = r * c
            let leading = Array(t.shape.dropLast(2))
            let count = Tensor.elementCount(leading)
            let shown = count > 6 ? [0, 1, 2, count - 3, count - 2, count - 1] : Array(0..<count)
            var last = -1
            for b in shown {
                if b != last + 1 { out += "\n\n" + vertical }
                last = b
                var index: [Int] = []
                var rest = b
                for d in leading.reversed() {
                    index.insert(rest % d + 1, at: 0)
                    rest /= d
                }
                out += "\n\n[" + index.map(String.init).joined(separator: ", ") + ", :, :] =\n"
                out += grid(rows: r, columns: c) { i, j in t.scalars[b * block + i * c + j] }
            }
            return out
        }
    }

    /// Aligned rows, eliding the middle past the terminal height and width.
    func grid(rows: Int, columns: Int, _ element: (Int, Int) -> Double) -> String {
        let maxRows = Swift.max(options.height - 5, 6)
        let rowList: [Int?] =
            rows > maxRows
            ? Array(0..<(maxRows / 2)).map { $0 } + [nil] + Array((rows - maxRows / 2)..<rows).map { $0 }
            : Array(0..<rows).map { $0 }
        // Column texts and widths.
        func columnTexts(_ j: Int) -> [String] {
            rowList.map { $0.map { formatSignificant(element($0, j)) } ?? "" }
        }
        var left: [(Int, [String])] = []
        var right: [(Int, [String])] = []
        var used = 1
        var lo = 0
        var hi = columns - 1
        var elided = false
        while lo <= hi {
            let texts = columnTexts(lo)
            let w = texts.map(\.count).max() ?? 0
            if used + w + 2 > options.width - 3 && !left.isEmpty {
                elided = true
                break
            }
            left.append((lo, texts))
            used += w + 2
            lo += 1
            if lo > hi { break }
            let rtexts = columnTexts(hi)
            let rw = rtexts.map(\.count).max() ?? 0
            if used + rw + 2 > options.width - 3 {
                elided = true
                break
            }
            right.insert((hi, rtexts), at: 0)
            used += rw + 2
            hi -= 1
        }
        var columnsShown: [[String]] = left.map(\.1)
        if elided { columnsShown.append(rowList.map { _ in ellipsis }) }
        columnsShown += right.map(\.1)
        let widths = columnsShown.map { col in col.map(\.count).max() ?? 0 }
        var lines: [String] = []
        for (r, row) in rowList.enumerated() {
            if row == nil {
                lines.append(
                    " " + columnsShown.indices.map { k in pad(vertical, widths[k]) }.joined(separator: "  "))
                continue
            }
            lines.append(
                " "
                    + columnsShown.indices.map { k in pad(columnsShown[k][r], widths[k]) }.joined(
                        separator: "  "))
        }
        return lines.map(\.trimmingTrailingWhitespace).joined(separator: "\n")
    }

    func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }

    /// One line: `[1, 2, 3]`, `[1 2; 3 4]`, elided past 10 elements.
    func inline(_ t: Tensor) -> String {
        switch t.rank {
        case 0: return formatSignificant(t.scalars[0])
        case 1:
            let items =
                t.scalars.count > 10
                ? t.scalars.prefix(5).map { formatSignificant($0) } + [ellipsis]
                    + t.scalars.suffix(5).map { formatSignificant($0) }
                : t.scalars.map { formatSignificant($0) }
            return "[" + items.joined(separator: ", ") + "]"
        case 2 where t.count <= 16:
            let c = t.shape[1]
            return "["
                + (0..<t.shape[0]).map { i in
                    (0..<c).map { formatSignificant(t.scalars[i * c + $0]) }.joined(separator: " ")
                }
                .joined(separator: "; ") + "]"
        default:
            return header(t.shape)
        }
    }
}

extension String {
    func replacingTimes(ascii: Bool) -> String {
        ascii ? String(map { $0 == "×" ? "x" : $0 }) : self
    }
}
