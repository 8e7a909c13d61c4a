import Diagnostics
import LabLang
import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The check behind `LabHost.allowedReadRoots`: lesson files are untrusted,
/// so the lesson runner confines the file-reading builtins (readcsv,
/// readjson, dataset) to the lesson's folder and Datasets/.
enum FileAccess {
    /// Throws `io` unless `path` (symbolic links and `..` resolved) lies inside one of `roots`; nil allows any path.
    static func check(_ path: String, roots: [String]?) throws(Diagnostic) {
        guard let roots else { return }
        let target = resolved(path)
        for root in roots {
            let r = resolved(root)
            if target == r || target.hasPrefix(r.hasSuffix("/") ? r : r + "/") { return }
        }
        throw .lab(
            .io,
            "cannot read \(quoteString(path)): it is outside the folders a lesson may read (its own folder and Datasets/)"
        )
    }

    /// The absolute path with symbolic links and `..` resolved (for a missing file, its folder's).
    static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let real = realpath(folder.isEmpty ? "/" : folder, nil) else { return path }
        defer { free(real) }
        return String(cString: real) + "/" + name
    }
}

extension LabHost {
    /// The whole text of the file at `path` for readcsv, readjson and dataset: an `io` error
    /// when it lies outside `allowedReadRoots` (a lesson's folders) or cannot be read.
    func readFile(_ path: String) throws(Diagnostic) -> String {
        try FileAccess.check(path, roots: allowedReadRoots)
        return try readTextFile(path)
    }
}

/// The whole text of a file, or an `io` error naming it.
func readTextFile(_ path: String) throws(Diagnostic) -> String {
    // Opened without blocking: opening a FIFO for reading waits for a writer (forever, in a
    // lesson). A directory opens (and reads as empty) on Linux; a FIFO or device could block.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
        throw .lab(.io, "cannot open \(quoteString(path)): \(String(cString: strerror(errno)))")
    }
    var status = stat()
    if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        close(descriptor)
        let kind = (status.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
        throw .lab(.io, "cannot read \(quoteString(path)): it is \(kind)")
    }
    guard let file = fdopen(descriptor, "rb") else {
        close(descriptor)
        throw .lab(.io, "cannot open \(quoteString(path)): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n > 0 { bytes += chunk[0..<n] }
        if n < chunk.count { break }
        if bytes.count > 512 << 20 { throw .lab(.limit, "\(quoteString(path)) is larger than 512 MB") }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A small JSON reader: objects → Records, arrays of numbers → Vectors,
/// arrays of equal-length number arrays → Matrices, other arrays → Lists,
/// null → nothing.
struct JSONReader {
    let chars: [UInt8]
    var i = 0
    let path: String
    var depth = 0

    init(_ text: String, path: String) {
        chars = Array(text.utf8)
        self.path = path
    }

    func fail(_ message: String) -> Diagnostic {
        var line = 1
        var column = 1
        for c in chars.prefix(i) {
            if c == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return .lab(
            .io, "\(quoteString(path)) is not valid JSON at line \(line), column \(column): \(message)")
    }

    mutating func skip() {
        while i < chars.count, [32, 9, 10, 13].contains(chars[i]) { i += 1 }
    }

    mutating func document() throws(Diagnostic) -> Value {
        let v = try value()
        skip()
        if i != chars.count { throw fail("unexpected text after the value") }
        return v
    }

    mutating func value() throws(Diagnostic) -> Value {
        skip()
        guard i < chars.count else { throw fail("unexpected end") }
        depth += 1
        defer { depth -= 1 }
        if depth > 500 { throw fail("nested too deeply") }
        switch chars[i] {
        case UInt8(ascii: "{"):
            i += 1
            var fields: [(String, Value)] = []
            skip()
            if i < chars.count && chars[i] == UInt8(ascii: "}") { i += 1; return .record(Record(fields)) }
            while true {
                skip()
                guard i < chars.count, chars[i] == UInt8(ascii: "\"") else {
                    throw fail("expected a field name")
                }
                let key = try string()
                skip()
                guard i < chars.count, chars[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                let v = try value()
                if let k = fields.firstIndex(where: { $0.0 == key }) {
                    fields[k].1 = v
                } else {
                    fields.append((key, v))
                }
                skip()
                guard i < chars.count else { throw fail("unexpected end in an object") }
                if chars[i] == UInt8(ascii: ",") { i += 1; continue }
                if chars[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
            return .record(Record(fields))
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            skip()
            if i < chars.count && chars[i] == UInt8(ascii: "]") { i += 1; return arrayValue(items) }
            while true {
                items.append(try value())
                skip()
                guard i < chars.count else { throw fail("unexpected end in an array") }
                if chars[i] == UInt8(ascii: ",") { i += 1; continue }
                if chars[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']'")
            }
            return arrayValue(items)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .nothing)
        default:
            let start = i
            while i < chars.count, "+-0123456789.eE".utf8.contains(chars[i]) { i += 1 }
            guard i > start, let x = Double(String(decoding: chars[start..<i], as: UTF8.self)) else {
                throw fail("unexpected character")
            }
            return .number(x)
        }
    }

    mutating func literal(_ word: String, _ v: Value) throws(Diagnostic) -> Value {
        let w = Array(word.utf8)
        guard i + w.count <= chars.count, Array(chars[i..<(i + w.count)]) == w else {
            throw fail("unexpected character")
        }
        i += w.count
        return v
    }

    mutating func string() throws(Diagnostic) -> String {
        i += 1
        var bytes: [UInt8] = []
        while i < chars.count {
            let c = chars[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: bytes, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                guard i < chars.count else { break }
                let e = chars[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): bytes.append(10)
                case UInt8(ascii: "t"): bytes.append(9)
                case UInt8(ascii: "r"): bytes.append(13)
                case UInt8(ascii: "b"): bytes.append(8)
                case UInt8(ascii: "f"): bytes.append(12)
                case UInt8(ascii: "u"):
                    guard i + 4 <= chars.count,
                        let code = UInt32(String(decoding: chars[i..<(i + 4)], as: UTF8.self), radix: 16)
                    else {
                        throw fail("bad \\u escape")
                    }
                    i += 4
                    bytes += Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8)
                default: bytes.append(e)
                }
            } else {
                bytes.append(c)
            }
        }
        throw fail("unterminated string")
    }

    func arrayValue(_ items: [Value]) -> Value {
        if !items.isEmpty, items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            return wrap(Tensor(items.map { if case let .number(x) = $0 { return x } else { return 0 } }))
        }
        let rows = items.compactMap { $0.tensorObject?.tensor }
        if !items.isEmpty, rows.count == items.count,
            rows.allSatisfy({ $0.rank == 1 && $0.count == rows[0].count })
        {
            return wrap(Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap(\.scalars)))
        }
        return .list(items)
    }
}
