import Foundation
import Testing

/// Golden files under `Tests/FormulasTests/Golden/`, named after the case.
///
/// Set `METALAB_RECORD_GOLDENS=1` to (re)write them; the test still fails after
/// recording, so a CI run can never pass by recording.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["METALAB_RECORD_GOLDENS"] != nil }

    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording {
            if expected != actual {
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                do {
                    try actual.write(to: url, atomically: true, encoding: .utf8)
                    Issue.record("recorded golden \(name).txt — review it, then run without METALAB_RECORD_GOLDENS",
                                 sourceLocation: sourceLocation)
                } catch {
                    Issue.record("could not write \(url.path): \(error)", sourceLocation: sourceLocation)
                }
            }
            return
        }
        guard let expected else {
            Issue.record("missing golden \(name).txt; record it with METALAB_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("golden \(name).txt differs:\n--- expected\n\(expected)\n--- actual\n\(actual)",
                         sourceLocation: sourceLocation)
        }
    }
}

extension GoldenFile {
    /// Names (without `.txt`) of the golden files on disk.
    static func list() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }
}
