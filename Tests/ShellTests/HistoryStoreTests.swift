import Foundation
import TestSupport
import Testing

@testable import Shell

@Suite struct HistoryStoreTests {
    func folder() -> String {
        let path = scratchPath("metalab-history")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func twoShellsAppendWithoutClobbering() {
        let path = folder() + "/state/history"
        let first = HistoryStore(path: path), second = HistoryStore(path: path)
        first.append("x = 1")
        second.append("y = 2")
        first.append("x + y")
        #expect(HistoryStore(path: path).load() == ["x = 1", "y = 2", "x + y"])
    }

    @Test func truncatesToTheLastEntriesPastTwiceTheLimit() {
        let store = HistoryStore(path: folder() + "/history", limit: 3)
        for k in 1...7 { store.append("line \(k)") }
        #expect(store.load() == ["line 5", "line 6", "line 7"])
        let text = (try? String(contentsOfFile: store.path, encoding: .utf8)) ?? ""
        #expect(text == "line 5\nline 6\nline 7\n", "the file was cut when it passed 6 lines")
    }

    @Test func multiLineEntriesStayOneLineAndBlanksAreSkipped() {
        let store = HistoryStore(path: folder() + "/history")
        store.append("function f(x)\nx^2\nend")
        store.append("   ")
        #expect(store.load() == ["function f(x) x^2 end"])
    }

    @Test func concurrentAppendsAllArrive() async {
        let path = folder() + "/history"
        await withTaskGroup(of: Void.self) { group in
            for shell in 0..<4 {
                group.addTask {
                    for k in 0..<25 { HistoryStore(path: path, limit: 1000).append("s\(shell) \(k)") }
                }
            }
        }
        #expect(HistoryStore(path: path, limit: 1000).load().count == 100)
    }
}

@Suite struct PlainLineReaderTests {
    @Test func readsLinesFromAPipeWithoutDecoration() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = "x = 1\r\n:toc\nlast"
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        let reader = PlainLineReader(fileDescriptor: fds[0])
        #expect(reader.readLine(prompt: "> ", prefill: "ignored") == .line("x = 1"))
        #expect(reader.readLine(prompt: "> ", prefill: nil) == .line(":toc"))
        #expect(reader.readLine(prompt: "> ", prefill: nil) == .line("last"))
        #expect(reader.readLine(prompt: "> ", prefill: nil) == .end)
        #expect(!reader.isInteractive)
        close(fds[0])
    }
}

/// Issue 18, item 8: trimming the history never leaves it empty, even if killed mid-way.
@Suite struct HistoryTrimIsAtomicTests {
    @Test func trimWritesANewFileAndRenamesIt() throws {
        let folder = scratchPath("metalab-history")
        let store = HistoryStore(path: folder + "/history", limit: 3)
        for k in 1...6 { store.append("line \(k)") }
        let before = try FileManager.default.attributesOfItem(atPath: store.path)[.systemFileNumber] as? Int
        store.append("line 7")
        let after = try FileManager.default.attributesOfItem(atPath: store.path)[.systemFileNumber] as? Int
        // Truncating in place keeps the inode; a kill -9 between truncate and write lost everything.
        #expect(
            before != nil && before != after, "the trimmed history is a new file renamed over the old one")
        #expect(store.load() == ["line 5", "line 6", "line 7"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.contains(".tmp")
        }
        #expect(leftovers.isEmpty)
    }
}
