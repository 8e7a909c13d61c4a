import Foundation
import Testing

@testable import Notebook

func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "metalab-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct ProgressStoreTests {
    @Test func roundTripsAndIsHumanReadable() throws {
        let store = ProgressStore(folder: temporaryFolder() + "/progress")
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
        let store = ProgressStore(folder: temporaryFolder())
        try "current: [oops\n".write(toFile: store.folder + "/l.yaml", atomically: true, encoding: .utf8)
        var warning: String? = nil
        #expect(store.load(id: "l", warning: &warning) == nil)
        #expect(warning?.contains("l.yaml.bad") == true)
        #expect(warning?.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: store.folder + "/l.yaml.bad"))
        #expect(!FileManager.default.fileExists(atPath: store.folder + "/l.yaml"))
    }

    // Session 5 attack: a second damaged file replaced the first one kept as `.bad`.
    @Test func aSecondDamagedFileNeverReplacesTheFirst() throws {
        let store = ProgressStore(folder: temporaryFolder())
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
        let store = ProgressStore(folder: temporaryFolder())
        #expect(store.loadCourse().current == nil)
        try store.saveCourse(CourseState(current: "intro.welcome"))
        #expect(store.loadCourse().current == "intro.welcome")
    }
}
