import Foundation
import TestSupport
import Testing

/// Golden files under `Tests/FormulasTests/Golden/`, named after the case.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// Compares `actual` with `Golden/<name>.txt` (`expectTextGolden`: re-record with
    /// `METALAB_RECORD_GOLDENS=1`, and the test still fails after recording).
    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectTextGolden(name, actual, in: directory, sourceLocation: sourceLocation)
    }
}

extension GoldenFile {
    /// Names (without `.txt`) of the golden files on disk.
    static func list() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }
}
