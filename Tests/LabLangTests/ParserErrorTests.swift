import Testing

@testable import LabLang

/// Issue 18: an unclosed `(` was reported at the end of the input; it is reported at the `(`.
@Suite struct UnclosedBracketTests {
    @Test func anUnclosedParenthesisIsReportedWhereItOpens() {
        let errors = Parser.parse("y = 1\nf(1, 2").errors
        #expect(errors.count == 1)
        #expect(errors.first?.range?.start.line == 2 && errors.first?.range?.start.column == 2, "\(errors)")
        #expect(errors.first?.message.contains("never closed") == true)
        let tuple = Parser.parse("g = (1, 2").errors.first
        #expect(tuple?.range?.start.column == 5, "\(String(describing: tuple))")
    }

    @Test func aWrongTokenInsideIsReportedWhereItIsWithANoteForTheOpener() {
        let error = Parser.parse("sum(1, 2 3)").errors.first
        #expect(error?.range?.start.column == 10)
        #expect(error?.notes == ["note: the '(' it closes is at line 1, column 4"])
    }
}
