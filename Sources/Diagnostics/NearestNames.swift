/// "Did you mean": the names of `candidates` within a small edit distance of `name`,
/// nearest first, at most `limit` (0 edits for names of 1 or 2 characters, ≤ 1 up to 4,
/// else ≤ 2; case alone counts as no edit). The one search behind every suggestion: Lab's
/// undefined names, `?name`, and unknown LaTeX commands.
/// - Complexity: O(n·m²) for n candidates of length about m, cut short past the limit.
public func nearestNames(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
    let target = Array(name.lowercased())
    let allowed = target.count <= 2 ? 0 : target.count <= 4 ? 1 : 2
    // Ties go to the candidate that starts with the same letter (`\sigm` → `\sigma`, not
    // `\Bigm`), then alphabetically.
    var scored: [(distance: Int, otherStart: Bool, name: String)] = []
    for candidate in Set(candidates) where candidate != name && !candidate.hasPrefix("#") {
        let d = editDistance(target, Array(candidate.lowercased()), limit: allowed)
        if d <= allowed {
            scored.append((d, candidate.first != name.first, candidate))
        }
    }
    return scored.sorted {
        ($0.distance, $0.otherStart ? 1 : 0, $0.name) < ($1.distance, $1.otherStart ? 1 : 0, $1.name)
    }.prefix(limit).map(\.name)
}

/// The optimal-string-alignment distance (insertions, deletions, substitutions and
/// adjacent transpositions, each 1: `alpah` → `alpha` is 1), or `limit + 1` once it
/// must exceed `limit`.
/// - Complexity: O(mn).
public func editDistance(_ a: [Character], _ b: [Character], limit: Int = .max - 1) -> Int {
    if Swift.abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMinimum = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = Swift.min(d, previous2[j - 2] + 1)
            }
            current[j] = d
            rowMinimum = Swift.min(rowMinimum, d)
        }
        if rowMinimum > limit { return limit + 1 }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}
