import Foundation
import TestSupport
import Testing

/// Tests put their files under `scratchPath`, whose folder goes when the test process exits;
/// a path made straight in the temporary folder stays there (the suites once left 12,000).
@Suite struct ScratchHygieneTests {
    static let testsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What makes a path straight in the temporary folder.
    static let direct = ["NSTemporaryDirectory() +", "temporaryDirectory.appendingPathComponent"]

    @Test func noTestMakesFilesOutsideItsScratchFolder() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.testsFolder.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50, "read the Tests folder at \(Self.testsFolder.path)")
        for file in files where file != "metalabTests/ScratchHygieneTests.swift" {
            let source = try String(
                contentsOf: Self.testsFolder.appendingPathComponent(file), encoding: .utf8)
            for (k, line) in source.components(separatedBy: "\n").enumerated()
            where Self.direct.contains(where: line.contains) {
                Issue.record("\(file):\(k + 1): use scratchPath(_:) from TestSupport: \(line)")
            }
        }
    }

    @Test func scratchPathsAreFreshAndShareTheRunsFolder() throws {
        let a = scratchPath("metalab-a")
        let b = try scratchFolder("metalab-b")
        #expect(a != scratchPath("metalab-a"))
        let root = URL(fileURLWithPath: b).deletingLastPathComponent().path
        #expect(URL(fileURLWithPath: a).deletingLastPathComponent().path == root)
        #expect(root.hasSuffix("/metalab-tests-\(getpid())"))
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: b, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(!FileManager.default.fileExists(atPath: a), "scratchPath creates nothing")
    }
}
