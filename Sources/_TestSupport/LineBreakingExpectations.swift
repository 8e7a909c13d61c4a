import Terminal
import Testing

/// Asserts what every wrapped Chinese paragraph must satisfy; `source` is the text
/// before wrapping (its Latin words must come out whole, nothing lost).
public func expectWellBroken(
    _ lines: [String], width: Int, source: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    for line in lines {
        #expect(displayWidth(line) <= width, "too wide at \(width): \(line)", sourceLocation: sourceLocation)
        if let first = line.first {
            #expect(
                !LineBreaking.noLineStart.contains(first), "starts with \(first): \(line)",
                sourceLocation: sourceLocation)
        }
        if let last = line.last {
            #expect(
                !LineBreaking.noLineEnd.contains(last), "ends with \(last): \(line)",
                sourceLocation: sourceLocation)
        }
    }
    let latinWords = { (s: String) in
        s.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0 == "-")) }).map(String.init)
    }
    #expect(
        lines.flatMap(latinWords) == latinWords(source), "a Latin word was split",
        sourceLocation: sourceLocation)
    #expect(
        lines.joined().filter { $0 != " " } == source.filter { $0 != " " }, "text lost or added",
        sourceLocation: sourceLocation)
}
