import Foundation
import TestSupport
import Testing

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
}
