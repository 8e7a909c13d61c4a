import Testing

@testable import Shell

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// readline edits a line with 中文 or α in it by characters and columns only under a UTF-8
/// `LC_CTYPE` (issue 19: in the C locale it counted bytes and misplaced the cursor).
@Suite struct ReadlineLocaleTests {
    @Test func theReaderUsesUTF8CharacterTypes() {
        ReadlineLineReader.useUTF8CharacterTypes()
        let name = setlocale(LC_CTYPE, nil).map { String(cString: $0) }?.lowercased() ?? ""
        #expect(name.contains("utf-8") || name.contains("utf8"), "LC_CTYPE is \(name)")
        // Numbers still print with a point: only character types changed.
        let numeric = setlocale(LC_NUMERIC, nil).map { String(cString: $0) } ?? ""
        #expect(numeric == "C" || numeric == "POSIX")
    }
}
