import Foundation
import Terminal
import TestSupport
import Testing
import Yams

@testable import Notebook

@Suite struct ProgressStoreTests {
    @Test func roundTripsAndIsHumanReadable() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook") + "/progress")
        var progress = LessonProgress(id: "meta.maml", hash: "abc")
        progress.current = 3
        progress.markDone("first")
        progress.answers["ex1"] = "w = 2"
        progress.parameters["alpha"] = "0.1"
        try store.save(progress)
        var warning: String? = nil
        #expect(store.load(id: "meta.maml", warning: &warning) == progress)
        #expect(warning == nil)
        let text = try String(contentsOfFile: store.folder + "/meta.maml.yaml", encoding: .utf8)
        #expect(text.contains("current: 3"))
        // A String that reads as a number is quoted, so it loads back as a String.
        #expect(text.contains("alpha: '0.1'"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter {
            $0.contains(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func aDamagedFileIsKeptAsideWithAWarning() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook"))
        try "current: [oops\n".write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
        var warning: String? = nil
        #expect(store.load(id: "l", warning: &warning) == nil)
        #expect(warning?.contains("l.yaml.bad") == true)
        #expect(warning?.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: store.folder + "/l.yaml.bad"))
        #expect(!FileManager.default.fileExists(atPath: store.folder + "/l.yaml"))
    }

    // A progress file damaged while the lesson is open (an editor, a full disk) was overwritten
    // by the next save without the `.bad` copy `load` keeps: the damaged bytes were lost.
    @Test func saveKeepsADamagedFileAsideAndSaysWhere() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook"))
        let damaged = "current: [oops\n"
        try damaged.write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
        var progress = LessonProgress(id: "l", hash: "h")
        progress.markDone("first")
        try store.save(progress)
        #expect(try String(contentsOfFile: store.folder + "/l.yaml.bad", encoding: .utf8) == damaged)
        var warning: String? = nil
        #expect(store.load(id: "l", warning: &warning) == progress)
        #expect(warning == nil)
        // A readable file is merged, not moved aside.
        try store.save(progress)
        #expect(!FileManager.default.fileExists(atPath: store.folder + "/l.yaml.bad.2"))
    }

    @Test func anOlderDamagedCopyIsNeverOverwritten() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook"))
        try "first damage".write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
        var warning: String? = nil
        #expect(store.load(id: "l", warning: &warning) == nil)
        try "second damage".write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
        try store.save(LessonProgress(id: "l", hash: "h"))
        #expect(try String(contentsOfFile: store.folder + "/l.yaml.bad", encoding: .utf8) == "first damage")
        let second = try String(contentsOfFile: store.folder + "/l.yaml.bad.2", encoding: .utf8)
        #expect(second == "second damage")
    }

    @Test func aSessionSaysWhereTheDamagedFileWent() throws {
        let h = try SessionHarness.graph()
        h.session.start()
        let file = h.store.folder + "/" + h.session.lesson.meta.id + ".yaml"
        try "\u{0}\u{1}not yaml".write(toFile: file, atomically: true, encoding: .utf8)
        let mark = h.mark
        #expect(h.session.saveProgress())
        #expect(h.flat(since: mark).contains("was damaged; kept it as \(file).bad"))
        #expect(FileManager.default.fileExists(atPath: file + ".bad"))
    }

    // Session 5 attack: a second damaged file replaced the first one kept as `.bad`.
    @Test func aSecondDamagedFileNeverReplacesTheFirst() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook"))
        var kept: [String] = []
        for damage in ["first: [", "second: [", "third: ["] {
            try damage.write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
            var warning: String? = nil
            #expect(store.load(id: "l", warning: &warning) == nil)
            kept.append(warning ?? "")
        }
        #expect(kept[1].contains("l.yaml.bad.2") && kept[2].contains("l.yaml.bad.3"), "\(kept)")
        let read = { (name: String) in
            try? String(contentsOfFile: store.folder + "/" + name, encoding: .utf8)
        }
        #expect(read("l.yaml.bad") == "first: [")
        #expect(read("l.yaml.bad.2") == "second: [")
        #expect(read("l.yaml.bad.3") == "third: [")
    }

    @Test func followsXDGStateHome() {
        #expect(
            ProgressStore.standard(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).folder
                == "/s/metalab/progress")
        #expect(
            ProgressStore.standard(environment: ["HOME": "/h"]).folder == "/h/.local/state/metalab/progress")
    }

    @Test func courseStateRemembersTheLesson() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook"))
        #expect(store.loadCourse().current == nil)
        try store.saveCourse(CourseState(current: "intro.welcome"))
        #expect(store.loadCourse().current == "intro.welcome")
    }

    /// Pasting definitions into a lesson: every line is saved at once (a crash, Ctrl-C or a
    /// kill loses nothing), but each save read, decoded, encoded and wrote the whole file
    /// through Yams, so the cost of a line grew with the lines before it: 100 pasted
    /// definitions took 3.4 s, 400 took 24 s. Now 400 lines cost about ten times 40
    /// (a ratio, not a speed: the bound holds on a slow or busy machine), and all are on disk.
    @Test(.timeLimit(.minutes(3))) func pastingManyLinesCostsLinearlyAndLosesNone() throws {
        func paste(_ count: Int) throws -> (seconds: Double, saved: Int) {
            let harness = try SessionHarness.graph()
            harness.session.start()
            let start = monotonicSeconds()
            for i in 1...count { harness.session.enter("pasted\(i)(x) = x + \(i)") }
            let seconds = monotonicSeconds() - start
            var warning: String?
            let saved = harness.store.load(id: "fixture.graph", warning: &warning)
            return (seconds, saved?.learnerCells?.count ?? 0)
        }
        let few = try paste(40), many = try paste(400)
        #expect(few.saved == 40 && many.saved == 400, "every line is in the file once entered")
        // Linear: 10. Each save re-reading and re-writing everything made it 30 and more.
        #expect(
            many.seconds < 20 * few.seconds,
            "40 lines: \(few.seconds) s, 400 lines: \(many.seconds) s")
    }

    /// The file a save writes is Yams's own encoding of the whole progress, byte for byte,
    /// though each learner cell is encoded once and kept: sources that need quoting, several
    /// lines, control characters, long lines Yams folds, strings that read as numbers.
    @Test func theCellsEncodedOnceMakeTheSameFileAsYams() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook") + "/progress")
        let sources = [
            "k = 3", "f(x) = x + 1\ng(x) = 2x", "s = \"a: b # c\"", "- 1", "'quoted'", "0.5", "true",
            "", "  indented", "trailing \n\n", "tab\there", "esc \u{1B}[31m", "α = \"λ\"",
            String(repeating: "long_name + ", count: 20) + "1", "x = [1, 2]; y = {a: 1}", "null", "~",
        ]
        var progress = LessonProgress(id: "t.yaml", hash: "h")
        progress.answers["ex"] = "x = 1\ny = 2"
        for (k, source) in sources.enumerated() {
            progress.learnerCells =
                (progress.learnerCells ?? []) + [
                    LearnerCell(step: k % 3, source: source, seed: k % 2 == 0 ? 1000 + k : nil)
                ]
            try store.save(progress)
            let text = try String(contentsOfFile: store.folder + "/t.yaml.yaml", encoding: .utf8)
            #expect(text == (try YAMLEncoder().encode(progress)), "after \(k + 1) cells")
            var warning: String?
            #expect(ProgressStore(folder: store.folder).load(id: "t.yaml", warning: &warning) == progress)
        }
    }

    /// A save skips reading the file only while it is the one this store wrote: another
    /// shell's file of exactly the same size, written in the same instant, is still merged.
    @Test func anotherShellsFileOfTheSameSizeIsStillRead() throws {
        let folder = try scratchFolder("metalab-notebook") + "/progress"
        let mine = ProgressStore(folder: folder)
        var progress = LessonProgress(id: "t.same", hash: "h")
        progress.answers["e1"] = "x = 1"
        let base = try mine.save(progress).saved
        var other = base
        other.answers["e1"] = nil
        other.answers["e2"] = "x = 1"  // the same bytes but one digit
        try ProgressStore(folder: folder).save(other, since: base)
        let merge = try mine.save(progress, since: base)
        #expect(merge.addedAnswers == ["e2"])
    }
}
