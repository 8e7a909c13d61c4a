import Foundation
import LabLang
import LabLibrary
import TestSupport
import Testing

/// `readcsv` reads through TaskData's RFC 4180 parser (the one CSV parser).
@Suite struct ReadCSVTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    ).path

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
        #expect(
            r.diagnostics.map(\.message) == [
                "\(fixtures)/ragged.csv:3: expected 2 fields (as in the header), found 1"
            ])
    }

    @Test func anUnclosedQuoteIsALocatedError() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("readcsv(\"\(fixtures)/unclosed.csv\")")
        #expect(r.diagnostics.map(\.message) == ["\(fixtures)/unclosed.csv:3: a quoted field is not closed"])
    }
}

/// Session 5 attack: `readcsv` of a FIFO waited for a writer forever (Ctrl-C could not
/// reach a blocked `open`), so a lesson shipping one hung the shell.
@Suite(.timeLimit(.minutes(3))) struct SpecialFileTests {
    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let folder = scratchPath("metalab-fifo")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/pipe.csv", 0o600) == 0)
        let lab = LabLibrary.makeInterpreter()
        for reader in ["readcsv", "readjson"] {
            let r = lab.evaluate("\(reader)(\"\(folder)/pipe.csv\")")
            let expected = "cannot read \"\(folder)/pipe.csv\": it is not a regular file"
            #expect(r.diagnostics.map(\.message) == [expected])
        }
    }
}

/// `dataset(name)` searches the places its host was given, not the process's globals.
@Suite struct DatasetPlacesTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    ).path
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theOverrideFolderComesFirst() {
        let places = DatasetPlaces(
            environment: ["METALAB_DATASETS": fixtures], workingDirectory: repository, executablePath: nil)
        #expect(places.path(of: "quoted.csv") == fixtures + "/quoted.csv")
        #expect(places.path(of: "iris.csv") == repository + "/Datasets/iris.csv")
    }

    @Test func aRelativeExecutableIsTakenFromTheWorkingDirectory() {
        let places = DatasetPlaces(
            environment: [:], workingDirectory: "/a/b", executablePath: ".build/release/metalab")
        #expect(places == DatasetPlaces(override: nil, searchStarts: ["/a/b", "/a/b/.build/release"]))
        #expect(
            DatasetPlaces(environment: [:], workingDirectory: nil, executablePath: "metalab").searchStarts
                .isEmpty)
    }

    @Test func aHostWithNoPlacesFindsNoDataSet() throws {
        let lab = LabLibrary.makeInterpreter()
        let host = try #require(lab.host as? LabHost)
        host.datasetPlaces = DatasetPlaces(override: nil, searchStarts: [])
        let r = lab.evaluate("dataset(\"iris\")")
        #expect(
            r.diagnostics.first?.message.hasPrefix("cannot find Datasets/iris.csv") == true,
            "\(r.diagnostics)")
        host.datasetPlaces = DatasetPlaces(override: nil, searchStarts: [repository])
        #expect(lab.evaluate("size(dataset(\"iris\").X)").output == "(150, 4)\n")
    }
}
