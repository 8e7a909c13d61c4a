import TaskData
import Tensors
import Testing

@Suite struct EpisodesTests {
    @Test func episodesAreRelabelledAndUseOnlyTheGivenClasses() throws {
        let digits = try shippedDataset("digits")
        let labels = digits.integerLabels!
        var g = SeededGenerator(seed: 4)
        let episodes = try sampleEpisodes(
            from: digits, nWay: 5, kShot: 1, queries: 3, classes: [5, 6, 7, 8, 9], count: 20, using: &g)
        #expect(episodes.count == 20)
        for e in episodes {
            #expect(Set(e.classes) == [5, 6, 7, 8, 9])
            #expect(e.supportX.shape == [5, 64] && e.queryX.shape == [15, 64])
            #expect(e.supportY == [0, 1, 2, 3, 4])
            #expect(e.queryY == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
            // Every support row is an example of its original class.
            for (row, label) in e.supportY.enumerated() {
                let pixels = Array(e.supportX.scalars[(row * 64)..<((row + 1) * 64)])
                let matches = (0..<labels.count).filter { labels[$0] == e.classes[label] }
                #expect(
                    matches.contains { Array(digits.features.scalars[($0 * 64)..<(($0 + 1) * 64)]) == pixels }
                )
            }
        }
    }

    @Test func supportAndQueryExamplesAreDistinctAndSeeded() throws {
        // Row i's only feature is i, so rows identify themselves.
        let features = Tensor(shape: [30, 1], scalars: (0..<30).map(Double.init))
        let labels = (0..<30).map { $0 % 3 }
        var a = SeededGenerator(seed: 8)
        var b = SeededGenerator(seed: 8)
        let e = try sampleEpisodes(
            features: features, labels: labels, nWay: 3, kShot: 4, queries: 6, using: &a)
        #expect(
            e
                == (try sampleEpisodes(
                    features: features, labels: labels, nWay: 3, kShot: 4, queries: 6, using: &b)))
        let used = e[0].supportX.scalars + e[0].queryX.scalars
        #expect(Set(used).count == 30)
        for (row, label) in e[0].supportY.enumerated() {
            #expect(Int(e[0].supportX.scalars[row]) % 3 == e[0].classes[label])
        }
    }

    @Test func tooFewClassesOrExamplesAreErrors() throws {
        let features = Tensor(shape: [6, 1], scalars: [0, 1, 2, 3, 4, 5])
        let labels = [0, 0, 1, 1, 2, 2]
        var g = SeededGenerator(seed: 1)
        #expect(throws: DataError.self) {
            try sampleEpisodes(features: features, labels: labels, nWay: 4, kShot: 1, queries: 0, using: &g)
        }
        #expect(throws: DataError.self) {
            try sampleEpisodes(features: features, labels: labels, nWay: 2, kShot: 2, queries: 1, using: &g)
        }
        #expect(throws: DataError.self) {
            try sampleEpisodes(from: try shippedDataset("linnerud"), nWay: 2, kShot: 1, queries: 1, using: &g)
        }
    }
}
