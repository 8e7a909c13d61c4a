import Foundation
import TestSupport
import Testing

@testable import Shell

/// Issue 18, item 11: on a failed save the shell printed a Cocoa error and then "Progress saved. See you soon."
@Suite struct SaveFailureTests {
    @Test func aFailedSaveIsReportedPlainlyAndNeverClaimedSaved() throws {
        let folder = scratchPath("metalab-shell")
        // A folder where the progress file should go: the final rename fails, even for root.
        let blocked = folder + "/progress/fixture.every-kind.yaml"
        try FileManager.default.createDirectory(
            atPath: blocked + "/blocker", withIntermediateDirectories: true)
        let s = ScriptedSession(["", ":quit"], state: folder)
        // The warning wraps to the window like every message; a path wider than the window
        // is cut after a slash.
        #expect(
            s.text.replacingOccurrences(of: "\n", with: " ").contains(
                "warning: progress not saved: cannot write"))
        #expect(
            s.text.replacingOccurrences(of: "\n", with: "").contains("cannot write\(blocked)"), "\(s.text)")
        #expect(s.text.contains("fixture.every-kind.yaml"))
        #expect(!s.text.contains("NSCocoaErrorDomain"))
        #expect(!s.text.contains("Progress saved."))
        #expect(s.output.last?.hasSuffix("See you soon.") == true)
    }

    // Session 5 attack: with no course found, the scratch pad said "Progress was not saved
    // (see the warning above)" with no warning above: it keeps no progress, and says so.
    @Test func theScratchPadNeverClaimsAFailedSave() throws {
        let empty = scratchPath("metalab-empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let s = ScriptedSession(["1 + 1", ":quit"], lesson: "scratch", courseFolder: empty)
        #expect(s.text.contains("2"))
        #expect(!s.text.contains("warning above"), "\(s.text)")
        #expect(s.output.last == "The scratch pad keeps no progress. See you soon.")
    }
}
