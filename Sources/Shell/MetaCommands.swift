import Diagnostics
import Foundation
import Notebook
import Terminal

/// One meta-command: its name and aliases, the usage and line `:help` shows, and what
/// it does. The one table that `:help`, Tab completion, "did you mean" and dispatch read.
struct MetaCommand: Sendable {
    let name: String
    var aliases: [String] = []
    /// As `:help` shows it (`:goto ID|N|section`).
    let usage: String
    /// What it does, from the catalogue (said in the shell's language).
    let help: Message
    /// Runs it with the text after the name; false leaves the shell. Nil: a help row only
    /// (Enter, `?NAME`), handled before meta-commands.
    let run: (@Sendable (LabShell, String) -> Bool)?

    /// A command that never leaves the shell.
    static func command(
        _ name: String, aliases: [String] = [], usage: String? = nil, _ help: Message,
        _ body: @escaping @Sendable (LabShell, String) -> Void
    ) -> MetaCommand {
        MetaCommand(
            name: name, aliases: aliases, usage: usage ?? name, help: help,
            run: {
                body($0, $1); return true
            })
    }

    /// `body` with a required argument; without one, `hint` is said instead.
    static func needing(_ hint: Message, _ body: @escaping @Sendable (LabShell, String) -> Void)
        -> @Sendable (LabShell, String) -> Void
    {
        { shell, argument in argument.isEmpty ? shell.say(hint) : body(shell, argument) }
    }
}

extension LabShell {
    static let table: [MetaCommand] = [
        MetaCommand(name: "Enter", usage: "Enter", help: .helpEnter, run: nil),
        .command(":next", aliases: [":n"], .helpNext) { shell, _ in shell.session.next() },
        .command(":back", aliases: [":b"], .helpBack) { shell, _ in shell.session.back() },
        .command(
            ":goto", aliases: [":g"], usage: ":goto ID|N|section", .helpGoto,
            MetaCommand.needing(.writeGoto) { $0.session.goto($1) }),
        .command(":toc", .helpToc) { shell, _ in shell.session.toc() },
        .command(":lessons", .helpLessons) { shell, _ in shell.lessons() },
        .command(":open", usage: ":open ID", .helpOpen, MetaCommand.needing(.writeOpen) { $0.open($1) }),
        .command(":restart", .helpRestart) { shell, _ in shell.session.restart() },
        .command(":hint", .helpHint) { shell, _ in shell.session.hint() },
        .command(":solution", .helpSolution) { shell, _ in shell.session.solution() },
        .command(":skip", .helpSkip) { shell, _ in shell.session.skip() },
        .command(":check", .helpCheck) { shell, _ in shell.session.check() },
        .command(":why", .helpWhy) { shell, _ in shell.session.why() },
        MetaCommand(name: "?NAME", usage: "?NAME", help: .helpQuestion, run: nil),
        .command(":help", .helpHelp) { shell, _ in shell.helpTable() },
        .command(":apropos", usage: ":apropos WORD", .helpApropos) { shell, word in shell.apropos(word) },
        .command(":params", .helpParams) { shell, _ in shell.session.listParameters() },
        .command(":set", usage: ":set NAME=VALUE", .helpSet) { $0.session.set($1) },
        .command(":rerun", .helpRerun) { shell, _ in shell.session.rerun() },
        .command(":sweep", usage: ":sweep NAME RANGE [EXPR]", .helpSweep) { $0.session.sweep($1) },
        .command(
            ":slide", usage: ":slide NAME", .helpSlide, MetaCommand.needing(.writeSlide) { $0.slide($1) }),
        .command(
            ":time", usage: ":time EXPR", .helpTime, MetaCommand.needing(.writeTime) { $0.session.time($1) }),
        .command(":history", .helpHistory) { shell, _ in shell.history() },
        .command(":save", usage: ":save FILE.md", .helpSave) { $0.save($1) },
        .command(":present", .helpPresent) { shell, _ in shell.togglePresenting() },
        .command(
            ":lang", usage: ":lang zh|en", .helpLang,
            MetaCommand.needing(.writeLang) { $0.switchLanguage($1) }),
        MetaCommand(
            name: ":quit", aliases: [":q", ":exit"], usage: ":quit", help: .helpQuit,
            run: { shell, _ in
                shell.quit(); return false
            }),
    ]

    /// `:help`'s rows in `language`: usage and description.
    public static func metaCommands(_ language: Language = .en) -> [(String, String)] {
        table.map { ($0.usage, $0.help.text(language)) }
    }

    /// The names Tab completes after `:`.
    static var commandNames: [String] { table.filter { $0.run != nil }.map(\.name) }

    /// Runs one `:`-line from the table; false when the shell should stop.
    func meta(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0], argument = parts.count > 1 ? parts[1].trimmingWhitespace : ""
        if let command = LabShell.table.first(where: {
            $0.run != nil && ($0.name == name || $0.aliases.contains(name))
        }),
            let run = command.run
        {
            return run(self, argument)
        }
        // Commands that start alike (`:he` → `:help`, `:hint`), else the nearest by edits (`:hnt` → `:hint`).
        let alike = LabShell.commandNames.filter { $0.hasPrefix(String(name.prefix(3))) }
        let near = alike.isEmpty ? nearestNames(to: name, in: LabShell.commandNames) : alike
        let didYouMean =
            near.isEmpty
            ? "" : Message.didYouMean.text(language, near.joined(separator: Message.or.text(language)))
        say(.unknownCommand, code(name), didYouMean)
        return true
    }

    /// `:apropos WORD`: one line per builtin, cut to the window; ?NAME gives the whole entry.
    func apropos(_ word: String) {
        let width = environment.context().width - 1
        let lines = session.evaluator.apropos(word).map { $0.truncated(toWidth: width) }
        environment.write(
            lines.isEmpty
                ? Message.nothingMatches.text(language, code(word))
                : (lines + [styled(Message.aproposMore.text(language), TextStyle(dim: true))]).joined(
                    separator: "\n"))
    }

    /// `:history`: the last 50 entries, numbered.
    func history() {
        for (k, entry) in historyEntries.enumerated().suffix(50) {
            environment.write(
                String(k + 1).leftPadded(toWidth: 5) + "  "
                    + entry.replacingOccurrences(of: "\n", with: "\n       "))
        }
    }

    func togglePresenting() {
        session.presenting.toggle()
        say(session.presenting ? .presentOn : .presentOff)
    }
}
