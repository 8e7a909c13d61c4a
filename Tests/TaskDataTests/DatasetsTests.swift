import Foundation
import TaskData
import Tensors
import Testing

/// The shipped CSV files, read here by the test (the library itself does no I/O).
func shippedDataset(_ name: String, filePath: String = #filePath) throws -> Dataset {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let text = try String(
        contentsOf: root.appendingPathComponent("Datasets/" + datasetFileName(name)), encoding: .utf8)
    return try loadDataset(name, contents: text)
}

@Suite struct DatasetsTests {
    @Test func digitsAre1797EightByEightImagesOfTenClasses() throws {
        let data = try shippedDataset("digits")
        #expect(data.features.shape == [1797, 64])
        guard case let .labels(y, classes) = data.target else { throw DataError.empty(file: "digits") }
        #expect(classes == (0...9).map(String.init))
        #expect(y.count == 1797)
        #expect(y.scalars[0] == 0 && y.scalars[1] == 1)
        #expect(data.features.scalars.allSatisfy { $0 >= 0 && $0 <= 16 })
    }

    @Test func textLabelsAreNumberedInOrderOfFirstAppearance() throws {
        let iris = try shippedDataset("iris")
        #expect(iris.features.shape == [150, 4])
        guard case let .labels(y, classes) = iris.target else { throw DataError.empty(file: "iris") }
        #expect(classes == ["setosa", "versicolor", "virginica"])
        #expect(y.scalars[0] == 0 && y.scalars[149] == 2)
        #expect(iris.features.scalars[0..<4].map { $0 } == [5.1, 3.5, 1.4, 0.2])
    }

    @Test func linnerudHasThreeRegressionTargets() throws {
        let data = try shippedDataset("linnerud")
        #expect(data.features.shape == [20, 3])
        #expect(data.featureNames == ["Chins", "Situps", "Jumps"])
        guard case let .regression(y, names) = data.target else { throw DataError.empty(file: "linnerud") }
        #expect(y.shape == [20, 3] && names == ["Weight", "Waist", "Pulse"])
        #expect(y.scalars[0..<3].map { $0 } == [191, 36, 50])
    }

    @Test func wineGrunfeldAndPenguins() throws {
        let wine = try shippedDataset("wine")
        #expect(wine.features.shape == [178, 13] && wine.integerLabels.map { Set($0) } == [0, 1, 2])
        let grunfeld = try shippedDataset("grunfeld")
        #expect(grunfeld.features.shape == [220, 2])
        #expect(grunfeld.groupNames?.count == 11 && grunfeld.groupNames?.first == "General Motors")
        #expect(grunfeld.groups?.prefix(21).last == 1)
        #expect(grunfeld.extras.first?.name == "year" && grunfeld.extras.first?.values.scalars.first == 1935)
        let penguins = try shippedDataset("penguins")
        #expect(penguins.droppedRows == 2)
        #expect(penguins.features.shape == [342, 4])
        guard case let .labels(_, classes) = penguins.target else { throw DataError.empty(file: "penguins") }
        #expect(classes == ["Adelie", "Gentoo", "Chinstrap"])
    }

    @Test func aBadNumberIsLocatedByLineAndColumn() {
        let text = "Chins,Situps,Jumps,Weight,Waist,Pulse\n5,162,60,191,36,50\n2,lots,60,189,37,52\n"
        #expect(
            throws: DataError.badRow(
                file: "linnerud.csv", line: 3, column: "Situps", reason: "expected a number, found \"lots\"")
        ) {
            try loadDataset("linnerud", contents: text)
        }
        #expect(throws: DataError.missingColumn(file: "linnerud.csv", column: "Pulse")) {
            try loadDataset("linnerud", contents: "Chins,Situps,Jumps,Weight,Waist\n1,2,3,4,5\n")
        }
    }

    @Test func anUnknownNameListsTheKnownOnes() {
        #expect(throws: DataError.unknownDataset(name: "mnist", known: datasetNames)) {
            try datasetFileName("mnist")
        }
        #expect(
            DataError.unknownDataset(name: "x", known: ["a", "b"]).description
                == "unknown data set \"x\"; the data sets are \"a\", \"b\"")
    }
}
