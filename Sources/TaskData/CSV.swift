/// A CSV table: a header row of column names and the data rows as text fields.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    /// The data rows; every row has `header.count` fields.
    public var rows: [[String]]
    /// The 1-based line number of each data row in the file (for messages).
    public var lineNumbers: [Int]

    /// Field `column` of data row `row` without leading and trailing spaces and tabs
    /// (`1, 2` reads as "1" and "2"): how every reader of numbers and labels wants it.
    public func field(_ row: Int, _ column: Int) -> String { rows[row][column].trimmingSpaces }
}

/// What is wrong with a data file, located by file, line and column so the
/// caller can show it (`file:line: message`).
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The caller could not read the file (LabLibrary throws this one: the
    /// numeric stack does no I/O).
    case missingFile(path: String)
    /// A name `dataset(...)` does not know; `known` lists the valid ones.
    case unknownDataset(name: String, known: [String])
    /// The file has no header row.
    case empty(file: String)
    /// A header without a column the data set needs.
    case missingColumn(file: String, column: String)
    /// A row with the wrong number of fields, an unterminated quote, or a
    /// field that should be a number and is not (`column` is its name).
    case badRow(file: String, line: Int, column: String?, reason: String)
    /// A request the data cannot satisfy (too few classes or examples for an episode).
    case notEnoughData(reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path): return "\(path): no such data file"
        case let .unknownDataset(name, known):
            return "unknown data set \"\(name)\"; the data sets are "
                + known.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .empty(file): return "\(file): the file is empty (expected a header row)"
        case let .missingColumn(file, column): return "\(file): no column named \"\(column)\" in the header"
        case let .badRow(file, line, column, reason):
            return "\(file):\(line): " + (column.map { "column \"\($0)\": " } ?? "") + reason
        case let .notEnoughData(reason): return reason
        }
    }
}

/// Parses CSV text (RFC 4180: comma-separated, optional double-quoted
/// fields with `""` for a quote, LF or CRLF line ends). The first non-empty
/// line is the header; blank lines are skipped; every data row must have as
/// many fields as the header.
///
/// A pure function over the file's **contents**: the numeric stack does no
/// I/O (DESIGN rule 1), so the caller reads the file and passes its text and
/// name (the name only labels error messages).
/// - Throws: `DataError.empty` or `DataError.badRow(file:line:…)`.
/// - Complexity: O(length of the text).
public func parseCSV(_ contents: String, file: String) throws(DataError) -> CSVTable {
    var records: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var line = 1
    var recordLine = 1
    var fieldWasQuoted = false
    var iterator = contents.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil

    func endRecord() {
        fields.append(field)
        let blank = fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted
        if !blank { records.append((recordLine, fields)) }
        fields = []
        field = ""
        fieldWasQuoted = false
    }

    while let c = pending ?? iterator.next() {
        pending = nil
        if inQuotes {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    inQuotes = false
                }
            } else {
                if c == "\n" { line += 1 }
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"":
            guard field.isEmpty else {
                throw .badRow(file: file, line: line, column: nil, reason: "a quote inside an unquoted field")
            }
            inQuotes = true
            fieldWasQuoted = true
        case ",":
            fields.append(field)
            field = ""
            fieldWasQuoted = false
        case "\r":
            if let next = iterator.next(), next != "\n" { pending = next }
            endRecord()
            line += 1
            recordLine = line
        case "\n":
            endRecord()
            line += 1
            recordLine = line
        default:
            field.unicodeScalars.append(c)
        }
    }
    if inQuotes {
        throw .badRow(file: file, line: recordLine, column: nil, reason: "a quoted field is not closed")
    }
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }

    guard let header = records.first else { throw .empty(file: file) }
    let names = header.fields.map { $0.trimmingSpaces }
    var rows: [[String]] = []
    var lines: [Int] = []
    for record in records.dropFirst() {
        guard record.fields.count == names.count else {
            throw .badRow(
                file: file, line: record.line, column: nil,
                reason: "expected \(names.count) fields (as in the header), found \(record.fields.count)")
        }
        rows.append(record.fields)
        lines.append(record.line)
    }
    return CSVTable(header: names, rows: rows, lineNumbers: lines)
}

extension String {
    /// The string without leading and trailing spaces and tabs. (Terminal's
    /// `trimmingWhitespace` is the presentation modules' one; the numeric stack does not
    /// import Terminal, so CSV fields keep this copy.)
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
