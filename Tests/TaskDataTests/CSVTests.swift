import TaskData
import Testing

@Suite struct CSVTests {
    @Test func quotedFieldsCRLFAndBlankLines() throws {
        let table = try parseCSV("a,b\r\n1,\"x, \"\"y\"\"\"\r\n\r\n2,z\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "x, \"y\""], ["2", "z"]])
        #expect(table.lineNumbers == [2, 4])
    }

    @Test func aShortRowIsLocatedByLine() {
        #expect(
            throws: DataError.badRow(
                file: "t.csv", line: 3, column: nil, reason: "expected 2 fields (as in the header), found 1")
        ) {
            try parseCSV("a,b\n1,2\n3\n", file: "t.csv")
        }
    }

    @Test func emptyTextAndUnclosedQuotesAreErrors() {
        #expect(throws: DataError.empty(file: "e.csv")) { try parseCSV("\n\n", file: "e.csv") }
        #expect(throws: DataError.self) { try parseCSV("a\n\"open\n", file: "q.csv") }
    }

    @Test func messagesNameFileLineAndColumn() {
        let error = DataError.badRow(
            file: "iris.csv", line: 7, column: "sepal_width", reason: "expected a number, found \"x\"")
        #expect(error.description == "iris.csv:7: column \"sepal_width\": expected a number, found \"x\"")
    }
}
