import Tensors

/// One N-way K-shot episode: a small classification task made from a
/// labelled data set, relabelled 0…N−1.
///
/// Support and query rows are grouped by episode label (label 0's K rows,
/// then label 1's, …). `classes[i]` is the data set's original label of
/// episode label i.
public struct Episode: Sendable, Equatable {
    /// (N·K)×D.
    public var supportX: Tensor
    /// N·K labels in 0..<N.
    public var supportY: [Int]
    /// (N·Q)×D.
    public var queryX: Tensor
    /// N·Q labels in 0..<N.
    public var queryY: [Int]
    /// The original label of each episode label.
    public var classes: [Int]
}

/// N-way K-shot episodes (Vinyals et al. 2016; the protocol of Prototypical
/// Networks): each picks `nWay` distinct classes from `classes` (all labels
/// present when nil), relabels them 0…N−1 in the order drawn, and draws
/// `kShot + queries` distinct examples of each class — the first K are the
/// support set, the rest the query set. Pass disjoint class lists for
/// meta-training and meta-testing (digits: 0–4 and 5–9).
///
/// Draw order per episode (reproducible): `choice(C, count: N)` over the
/// sorted allowed classes, then for each chosen class `choice(n_c, count: K+Q)`
/// over its examples in file order.
/// - Parameters:
///   - features: X, one example per row (N_total×D).
///   - labels: one integer label per row.
/// - Throws: `DataError.notEnoughData` when there are fewer than N allowed
///   classes, or a class has fewer than K + Q examples; `.badRow`-free.
/// - Complexity: O(count · (C + Σ n_c + N(K+Q)D)).
public func sampleEpisodes(
    features: Tensor, labels: [Int], nWay: Int, kShot: Int, queries: Int, classes allowed: [Int]? = nil,
    count: Int = 1, using generator: inout SeededGenerator
) throws(DataError) -> [Episode] {
    guard features.rank == 2, features.shape[0] == labels.count else {
        throw .notEnoughData(
            reason:
                "episodes: need one label per row of the \(describeShape(features.shape)) features, got \(labels.count) labels"
        )
    }
    guard nWay >= 1, kShot >= 1, queries >= 0, count >= 0 else {
        throw .notEnoughData(reason: "episodes: n_way and k_shot must be at least 1 and q_queries at least 0")
    }
    let d = features.shape[1]
    var byClass: [Int: [Int]] = [:]
    for (row, label) in labels.enumerated() { byClass[label, default: []].append(row) }
    let pool = (allowed.map { Array(Set($0)) } ?? Array(byClass.keys)).sorted()
    for c in pool where byClass[c] == nil {
        throw .notEnoughData(reason: "episodes: class \(c) has no examples")
    }
    guard pool.count >= nWay else {
        throw .notEnoughData(
            reason: "episodes: \(nWay)-way episodes need \(nWay) classes, only \(pool.count) available")
    }
    for c in pool where byClass[c]!.count < kShot + queries {
        throw .notEnoughData(
            reason:
                "episodes: class \(c) has \(byClass[c]!.count) examples, fewer than k_shot + q_queries = \(kShot + queries)"
        )
    }
    func rows(_ indices: [Int]) -> Tensor {
        var out: [Double] = []
        out.reserveCapacity(indices.count * d)
        for i in indices { out += features.scalars[(i * d)..<((i + 1) * d)] }
        return Tensor(shape: [indices.count, d], scalars: out)
    }
    var episodes: [Episode] = []
    for _ in 0..<count {
        let chosen = generator.choice(pool.count, count: nWay, replacing: false).map { pool[$0] }
        var support: [Int] = []
        var query: [Int] = []
        var supportY: [Int] = []
        var queryY: [Int] = []
        for (label, c) in chosen.enumerated() {
            let examples = byClass[c]!
            let picks = generator.choice(examples.count, count: kShot + queries, replacing: false).map {
                examples[$0]
            }
            support += picks[0..<kShot]
            query += picks[kShot...]
            supportY += [Int](repeating: label, count: kShot)
            queryY += [Int](repeating: label, count: queries)
        }
        episodes.append(
            Episode(
                supportX: rows(support), supportY: supportY, queryX: rows(query), queryY: queryY,
                classes: chosen))
    }
    return episodes
}

/// Episodes from a labelled `Dataset` (see `sampleEpisodes(features:labels:…)`).
/// - Throws: `DataError.notEnoughData` for a regression data set.
public func sampleEpisodes(
    from data: Dataset, nWay: Int, kShot: Int, queries: Int, classes: [Int]? = nil, count: Int = 1,
    using generator: inout SeededGenerator
) throws(DataError) -> [Episode] {
    guard let labels = data.integerLabels else {
        throw .notEnoughData(reason: "episodes: \"\(data.name)\" has regression targets, not class labels")
    }
    return try sampleEpisodes(
        features: data.features, labels: labels, nWay: nWay, kShot: kShot, queries: queries, classes: classes,
        count: count, using: &generator)
}
