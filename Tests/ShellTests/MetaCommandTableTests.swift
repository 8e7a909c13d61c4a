import Testing

@testable import Shell

/// One table of meta-commands: `:help`, Tab completion and dispatch agree.
@Suite struct MetaCommandTableTests {
    @Test func everyCommandInHelpIsCompletedAndDispatched() {
        let s = ScriptedSession([":help"])
        let completions = s.shell.completer().metaCommands
        for command in LabShell.table {
            #expect(s.text.contains(command.usage), "\(command.usage) is in :help")
            guard command.run != nil else { continue }
            #expect(completions.contains(command.name), "\(command.name) completes")
        }
        #expect(Set(completions).count == completions.count, "no name twice")
    }

    @Test func aliasesRunTheirCommand() {
        let s = ScriptedSession([":n", ":b", ":g 1", ":nexxt"])
        #expect(!s.text.contains("Unknown command `:n`"))
        #expect(!s.text.contains("Unknown command `:g`"))
        #expect(s.text.contains("Unknown command `:nexxt`. Did you mean :next?"))
    }

    /// Walking lesson 0, `:hnt` said only "Unknown command": a typo inside the first three
    /// characters found no suggestion. The nearest command by edits is suggested too.
    @Test func aTypoEarlyInACommandStillGetsASuggestion() {
        let s = ScriptedSession([":hnt", ":sovle", ":qiut", ":zzzzzz"])
        #expect(s.text.contains("Unknown command `:hnt`. Did you mean :hint?"))
        #expect(s.text.contains("Unknown command `:sovle`. Did you mean :solution? :help"), "\(s.text)")
        #expect(s.text.contains("Unknown command `:qiut`. Did you mean :quit"))
        #expect(s.text.contains("Unknown command `:zzzzzz`. :help lists them."))
    }
}
