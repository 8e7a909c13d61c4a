import Foundation
import LabLibrary
import Testing

/// `readcsv` reads through TaskData's RFC 4180 parser (the one CSV parser).
@Suite struct ReadCSVTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// A quoted field may hold a comma and a line break; spaces around a number are dropped.
    @Test func aQuotedFieldKeepsItsCommaAndItsNewline() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("t = readcsv(\"\(fixtures)/quoted.csv\"); t.data")
        #expect(r.succeeded, "\(r.diagnostics.map(\.message))")
        // Three data rows, as written in the file (the second spans two lines).
        #expect(r.output == "3×2 Matrix:\n 1  2\n 3  4\n 5  6\n", "\(r.output)")
        #expect(lab.evaluate("t.header == list(\"x\", \"y\")").output == "true\n")
    }

    @Test func aShortRowIsALocatedError() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("readcsv(\"\(fixtures)/ragged.csv\")")
        #expect(r.diagnostics.map(\.message) == ["\(fixtures)/ragged.csv:3: expected 2 fields (as in the header), found 1"])
    }

    @Test func anUnclosedQuoteIsALocatedError() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("readcsv(\"\(fixtures)/unclosed.csv\")")
        #expect(r.diagnostics.map(\.message) == ["\(fixtures)/unclosed.csv:3: a quoted field is not closed"])
    }
}
