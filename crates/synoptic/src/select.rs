//! Select: pick whole sentences that cover the most concept weight within the budget.
//!
//! Input: sentence features and a [`Ranking`]. Output: indices of the chosen sentences with the
//! gain each brought. This is budgeted maximum coverage (Gillick & Favre's concept model): a
//! concept counts once however many chosen sentences carry it, which is the redundancy control.
//! It is solved by cost-scaled greedy (with the best single sentence as a safeguard, after
//! Khuller et al.) followed by swap-based local search, then a branch-and-bound pass over the
//! 20 most promising candidates (`exact_candidates`) seeded with that answer: it never does
//! worse and is exact whenever the search finishes within its node allowance. Room the
//! objective leaves (a cluster shorter than the budget, or one whose weighted concepts are all
//! covered) is then filled with sentences that bring content terms the picks lack: eligible
//! ones first, then the ranking's spare ones (whole sentences turned down only for reading
//! less well out of context).
//! Invariant: the chosen sentences fit the budget (unless [`Budget::Words`] with `overflow`, which
//! lets one last sentence cross it for truncated benchmark output), and no two are near-duplicates.

use crate::analyze::SentenceFeatures;
use crate::embed::dot;
use crate::rank::Ranking;

/// How long the summary may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// At most this many words of whole sentences.
    Words(usize),
    /// At most this many sentences.
    Sentences(usize),
}

/// Selection knobs.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectConfig {
    /// The budget.
    pub budget: Budget,
    /// Let one final sentence cross a word budget (it is cut later, `--truncate`).
    pub overflow: bool,
    /// Exponent on sentence length when comparing gain per cost in the greedy pass.
    pub length_exponent: f64,
    /// Two sentences whose content-term sets overlap more than this (Jaccard) are duplicates.
    pub duplicate_jaccard: f64,
    /// Two sentences whose embeddings' cosine exceeds this are duplicates too (only when the
    /// ranking carries embeddings; 1 or more turns the check off).
    pub embedding_duplicate: f64,
    /// How many top candidates the exact branch-and-bound search considers (0: none).
    pub exact_candidates: usize,
    /// Node allowance of the exact search, which bounds its time.
    pub exact_nodes: usize,
    /// Spend room the concept objective leaves unused (a cluster smaller than the budget, or
    /// one whose weighted concepts the picks already cover) on sentences that bring content
    /// terms the picks lack: eligible ones, then the ranking's spare ones (see [`fill`]).
    pub fill: bool,
}

impl Default for SelectConfig {
    fn default() -> Self {
        SelectConfig {
            budget: Budget::Words(100),
            overflow: false,
            length_exponent: 1.0,
            duplicate_jaccard: 0.6,
            embedding_duplicate: 1.0,
            exact_candidates: 20,
            exact_nodes: 20_000,
            fill: true,
        }
    }
}

/// A chosen sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick {
    /// Index into the sentence list.
    pub sentence: usize,
    /// What it added to the objective when the selection was final.
    pub gain: f64,
}

/// Choose sentences. Returns them in selection order.
pub fn select(
    features: &[SentenceFeatures],
    ranking: &Ranking,
    config: &SelectConfig,
) -> Vec<Pick> {
    select_alternatives(features, ranking, config, &[])
}

/// Like [`select`], where `family[i]` names the sentence that `i` is a variant of (a
/// sentence's core and the sentence itself share it): at most one of a family is chosen.
/// Indices past `family.len()` are their own family.
pub fn select_alternatives(
    features: &[SentenceFeatures],
    ranking: &Ranking,
    config: &SelectConfig,
    family: &[usize],
) -> Vec<Pick> {
    let family_of = |i: usize| family.get(i).copied().unwrap_or(i);
    let w = &ranking.concept_weights;
    let cost = |i: usize| -> usize {
        match config.budget {
            Budget::Words(_) => features[i].words,
            Budget::Sentences(_) => 1,
        }
    };
    let capacity = match config.budget {
        Budget::Words(n) | Budget::Sentences(n) => n,
    };
    let candidates: Vec<usize> = (0..features.len())
        .filter(|&i| ranking.eligible[i] && cost(i) > 0)
        .collect();
    if candidates.is_empty() || capacity == 0 {
        return Vec::new();
    }
    let mut covered = vec![0u32; w.len()];
    let gain_of = |i: usize, covered: &[u32]| -> f64 {
        features[i]
            .concepts
            .iter()
            .filter(|&&c| covered[c as usize] == 0)
            .map(|&c| w[c as usize])
            .sum::<f64>()
            + ranking.prior[i]
    };

    let embedded = |i: usize| ranking.embeddings.get(i).filter(|v| !v.is_empty());
    let check_embeddings = config.embedding_duplicate < 1.0 && !ranking.embeddings.is_empty();
    let duplicate = |a: usize, chosen: &[usize]| -> bool {
        chosen.iter().any(|&b| {
            family_of(a) == family_of(b)
                || jaccard_exceeds(
                    &features[a].term_set,
                    &features[b].term_set,
                    config.duplicate_jaccard,
                )
                || (check_embeddings
                    && embedded(a)
                        .zip(embedded(b))
                        .is_some_and(|(x, y)| dot(x, y) > config.embedding_duplicate))
        })
    };

    // What a sentence could add at most, were none of its concepts covered yet: a marginal
    // gain never exceeds it (the weights it leaves out are not negative, and adding them up in
    // the same order rounds to no less), so a candidate whose bound cannot beat the best so
    // far is passed over without counting its gain. The picks are those of the full count.
    let mut bound = vec![0.0f64; features.len()];
    // cost^r, the greedy's divisor, computed once per candidate.
    let mut divisor = vec![1.0f64; features.len()];
    for &i in &candidates {
        bound[i] = features[i]
            .concepts
            .iter()
            .map(|&c| w[c as usize].max(0.0))
            .sum::<f64>()
            + ranking.prior[i];
        divisor[i] = (cost(i) as f64).powf(config.length_exponent);
    }

    // Greedy by gain per cost^r.
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0usize;
    loop {
        let mut best: Option<(f64, usize)> = None;
        for &i in &candidates {
            if chosen.contains(&i) || used + cost(i) > capacity {
                continue;
            }
            if best.is_some_and(|(s, _)| bound[i] / divisor[i] <= s) {
                continue;
            }
            let g = gain_of(i, &covered);
            if g <= 0.0 {
                continue;
            }
            let score = g / divisor[i];
            // Ties go to the earlier sentence: stable and deterministic. The duplicate test
            // (Jaccard against every chosen sentence) runs only for a would-be best.
            if best.is_none_or(|(s, _)| score > s) && !duplicate(i, &chosen) {
                best = Some((score, i));
            }
        }
        let Some((_, i)) = best else { break };
        for &c in &features[i].concepts {
            covered[c as usize] += 1;
        }
        used += cost(i);
        chosen.push(i);
    }

    // The best single sentence can beat a greedy run that spent its budget on short ones.
    // Concepts of one sentence are unique, so its value alone is a plain sum.
    let alone = |i: usize| -> f64 {
        features[i]
            .concepts
            .iter()
            .map(|&c| w[c as usize])
            .sum::<f64>()
            + ranking.prior[i]
    };
    let mut cov = vec![0u32; w.len()];
    let mut value = objective(&chosen, features, ranking, &mut cov);
    let single = candidates
        .iter()
        .copied()
        .filter(|&i| cost(i) <= capacity)
        .map(|i| (alone(i), i))
        .fold(None, |acc: Option<(f64, usize)>, x| match acc {
            Some(a) if a.0 >= x.0 => Some(a),
            _ => Some(x),
        });
    if let Some((v, i)) = single {
        if v > value {
            chosen = vec![i];
            value = objective(&chosen, features, ranking, &mut cov);
        }
    }

    // Local search: swap one chosen sentence for an unchosen one while it helps. `cov` holds
    // how many chosen sentences carry each concept, so a swap is priced in O(its concepts).
    for _round in 0..4 {
        let mut improved = false;
        for pos in 0..chosen.len() {
            let out = chosen[pos];
            let used_without: usize = chosen.iter().map(|&i| cost(i)).sum::<usize>() - cost(out);
            let mut loss = ranking.prior[out];
            for &c in &features[out].concepts {
                cov[c as usize] -= 1;
                if cov[c as usize] == 0 {
                    loss += w[c as usize];
                }
            }
            let others: Vec<usize> = chosen.iter().copied().filter(|&i| i != out).collect();
            let mut best_swap: Option<(f64, usize)> = None;
            for &inn in &candidates {
                if inn == out || chosen.contains(&inn) || used_without + cost(inn) > capacity {
                    continue;
                }
                let floor = best_swap.map_or(1e-9, |(bd, _)| bd.max(1e-9));
                if bound[inn] - loss <= floor {
                    continue;
                }
                let delta = gain_of(inn, &cov) - loss;
                if delta > 1e-9
                    && best_swap.is_none_or(|(bd, _)| delta > bd)
                    && !duplicate(inn, &others)
                {
                    best_swap = Some((delta, inn));
                }
            }
            let now = best_swap.map_or(out, |(_, inn)| inn);
            for &c in &features[now].concepts {
                cov[c as usize] += 1;
            }
            if let Some((delta, inn)) = best_swap {
                chosen[pos] = inn;
                value += delta;
                improved = true;
            }
        }
        // After swaps there may be room for one more sentence.
        let used_now: usize = chosen.iter().map(|&i| cost(i)).sum();
        // The largest gain, ties to the earliest candidate.
        let mut add: Option<(f64, usize)> = None;
        for &i in &candidates {
            if chosen.contains(&i) || used_now + cost(i) > capacity {
                continue;
            }
            if add.is_some_and(|(a, _)| bound[i] <= a) {
                continue;
            }
            let g = gain_of(i, &cov);
            if g > 0.0 && add.is_none_or(|(a, _)| g > a) && !duplicate(i, &chosen) {
                add = Some((g, i));
            }
        }
        if let Some((g, i)) = add {
            for &c in &features[i].concepts {
                cov[c as usize] += 1;
            }
            chosen.push(i);
            value += g;
            improved = true;
        }
        if !improved {
            break;
        }
    }

    // Exact search: branch and bound over the most promising candidates, seeded with the
    // local-search answer, so the result is never worse and is optimal whenever the search
    // finishes within its node allowance (always, for small clusters).
    if config.exact_candidates > 0 {
        let mut pool = best_by_key(
            &candidates,
            |i| alone(i) / (cost(i) as f64).sqrt(),
            config.exact_candidates,
        );
        for &i in &chosen {
            if !pool.contains(&i) {
                pool.push(i);
            }
        }
        // Branch in order of gain per cost: good answers come early and prune the rest.
        let pool = best_by_key(&pool, |i| alone(i) / cost(i) as f64, usize::MAX);
        let mut search = Search {
            pool: &pool,
            features,
            ranking,
            costs: pool.iter().map(|&i| cost(i)).collect(),
            capacity,
            nodes_left: config.exact_nodes,
            best_value: value,
            best: chosen.clone(),
            current: Vec::new(),
            cov: vec![0u32; w.len()],
            orders: Vec::new(),
            gains: Vec::new(),
            holder_start: Vec::new(),
            holders: Vec::new(),
            touched: Vec::new(),
            saved: Vec::new(),
            marked: vec![false; pool.len()],
            conflict: {
                // The duplicate test is symmetric: each pair is tested once.
                let n = pool.len();
                let mut m = vec![false; n * n];
                for p in 0..n {
                    for q in p + 1..n {
                        let c = pool[p] != pool[q] && duplicate(pool[p], &[pool[q]]);
                        m[p * n + q] = c;
                        m[q * n + p] = c;
                    }
                }
                m
            },
            current_pos: Vec::new(),
        };
        search.gains = pool.iter().map(|&i| search.gain(i)).collect();
        search.make_order(0, None);
        // Holders of concept k: `holders[holder_start[k]..holder_start[k + 1]]`, in pool
        // order (one flat list: a list per concept cost an allocation each).
        let mut start = vec![0u32; w.len() + 1];
        for &i in &pool {
            for &k in &features[i].concepts {
                start[k as usize + 1] += 1;
            }
        }
        for k in 0..w.len() {
            start[k + 1] += start[k];
        }
        let mut fill: Vec<u32> = start[..w.len()].to_vec();
        let mut holders = vec![0usize; start[w.len()] as usize];
        for (p, &i) in pool.iter().enumerate() {
            for &k in &features[i].concepts {
                holders[fill[k as usize] as usize] = p;
                fill[k as usize] += 1;
            }
        }
        search.holder_start = start;
        search.holders = holders;
        search.branch(0, 0, 0.0);
        if search.best_value > value + 1e-9 {
            chosen = search.best;
        }
        objective(&chosen, features, ranking, &mut cov);
    }

    if config.fill {
        // Eligible sentences first; then those that read less well out of context.
        let spare: Vec<usize> = (0..features.len())
            .filter(|&i| ranking.spare.get(i).copied().unwrap_or(false) && cost(i) > 0)
            .collect();
        fill(
            &mut chosen,
            [&candidates, &spare],
            features,
            ranking,
            capacity,
            &cost,
            &duplicate,
        );
    }

    // Benchmark mode: one more sentence that crosses the budget, to be cut to length.
    if config.overflow {
        if let Budget::Words(n) = config.budget {
            let used_now: usize = chosen.iter().map(|&i| cost(i)).sum();
            if used_now < n {
                let room = (n - used_now) as f64;
                let extra = candidates
                    .iter()
                    .copied()
                    .filter(|&i| !chosen.contains(&i) && !duplicate(i, &chosen))
                    .map(|i| {
                        // Only the words that fit will be shown, so scale the gain by them.
                        let shown = (room / features[i].words as f64).min(1.0);
                        (gain_of(i, &cov) * shown, i)
                    })
                    .filter(|&(g, _)| g > 0.0)
                    .fold(None, |acc: Option<(f64, usize)>, x| match acc {
                        Some(a) if a.0 >= x.0 => Some(a),
                        _ => Some(x),
                    });
                if let Some((_, i)) = extra {
                    chosen.push(i);
                }
            }
        }
    }

    // Report each sentence's marginal gain given the others.
    objective(&chosen, features, ranking, &mut cov);
    chosen
        .iter()
        .map(|&i| Pick {
            sentence: i,
            gain: ranking.prior[i]
                + features[i]
                    .concepts
                    .iter()
                    .filter(|&&c| cov[c as usize] == 1)
                    .map(|&c| w[c as usize])
                    .sum::<f64>(),
        })
        .collect()
}

/// Room the objective left: a sentence none of whose concepts count, or all of whose concepts
/// are covered, adds nothing to it, so a small cluster (or a large one whose weighted concepts
/// the picks already cover) can end well short of its budget while sentences that say more
/// about the event are left out. Those are added from `pools` in turn (eligible sentences
/// before spare ones), each time the fitting, non-duplicate sentence of the pool with the most
/// content terms the chosen sentences lack (ties to the earlier sentence), while one brings
/// at least one. The objective's picks all stay.
fn fill(
    chosen: &mut Vec<usize>,
    pools: [&[usize]; 2],
    features: &[SentenceFeatures],
    ranking: &Ranking,
    capacity: usize,
    cost: &impl Fn(usize) -> usize,
    duplicate: &impl Fn(usize, &[usize]) -> bool,
) {
    let mut used: usize = chosen.iter().map(|&i| cost(i)).sum();
    // The chosen sentences' content terms, sorted and unique: built only once a sentence
    // fits, since most briefs end with no room for one.
    let mut have: Option<Vec<u32>> = None;
    for pool in pools {
        loop {
            let mut best: Option<(usize, usize)> = None;
            for &i in pool {
                // A sentence held back (an out-of-period document's) stays back.
                if used + cost(i) > capacity || ranking.prior[i] < 0.0 || chosen.contains(&i) {
                    continue;
                }
                let set = &features[i].term_set;
                if best.is_some_and(|(n, _)| set.len() <= n) {
                    continue;
                }
                let have = have.get_or_insert_with(|| {
                    let mut v: Vec<u32> = chosen
                        .iter()
                        .flat_map(|&c| features[c].term_set.iter().copied())
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                });
                let new = set.len() - sorted_intersection(set, have);
                if new > 0 && best.is_none_or(|(n, _)| new > n) && !duplicate(i, chosen) {
                    best = Some((new, i));
                }
            }
            let Some((_, i)) = best else { break };
            used += cost(i);
            chosen.push(i);
            if let Some(have) = have.as_mut() {
                have.extend_from_slice(&features[i].term_set);
                have.sort_unstable();
                have.dedup();
            }
        }
    }
}

/// Depth-first branch and bound for budgeted maximum coverage.
struct Search<'a> {
    pool: &'a [usize],
    features: &'a [SentenceFeatures],
    ranking: &'a Ranking,
    /// The cost of each pool position, read at every node.
    costs: Vec<usize>,
    capacity: usize,
    nodes_left: usize,
    best_value: f64,
    best: Vec<usize>,
    current: Vec<usize>,
    cov: Vec<u32>,
    /// `orders[d]`: at depth `d` (sentences taken), the pool positions with a positive gain
    /// and cost, as (gain per cost, gain, cost, position), by gain per cost descending, ties by
    /// position. `bound` reads it instead of sorting at every node; only taking a sentence
    /// changes gains, so only then is the next depth's order made (from this one, nearly
    /// sorted already). The vectors are kept for reuse, so a node allocates nothing.
    orders: Vec<Vec<(f64, f64, usize, usize)>>,
    /// The current marginal gain of each pool position, kept up to date as sentences are
    /// taken and put back, so a node reads gains instead of recounting coverage.
    gains: Vec<f64>,
    /// For each concept of a pool sentence, the pool positions whose sentences carry it.
    holder_start: Vec<u32>,
    holders: Vec<usize>,
    /// `conflict[a * pool.len() + b]`: pool positions a and b may not both be taken.
    conflict: Vec<bool>,
    /// Pool positions of `current`.
    current_pos: Vec<usize>,
    /// Stack of pool positions whose gains the taken sentences changed, and a mark per position.
    touched: Vec<usize>,
    /// The gain each `touched` position had before, which is what it has again once the
    /// sentence is put back: restoring it spares recounting.
    saved: Vec<f64>,
    marked: Vec<bool>,
}

impl Search<'_> {
    fn gain(&self, i: usize) -> f64 {
        let w = &self.ranking.concept_weights;
        self.features[i]
            .concepts
            .iter()
            .filter(|&&c| self.cov[c as usize] == 0)
            .map(|&c| w[c as usize])
            .sum::<f64>()
            + self.ranking.prior[i]
    }

    /// An upper bound on what the rest of the pool can add: fractional knapsack over marginal
    /// gains, valid because coverage gains only shrink as the set grows.
    fn bound(&self, from: usize, room: usize) -> f64 {
        let mut left = room;
        let mut total = 0.0;
        for &(ratio, g, c, p) in &self.orders[self.current.len()] {
            if p < from {
                continue;
            }
            // Whole sentences while they fit, then the fitting share of the next one.
            if c < left {
                total += g;
                left -= c;
            } else {
                total += if c == left { g } else { ratio * left as f64 };
                break;
            }
        }
        total
    }

    /// Make `orders[depth]` from the current gains: from `orders[depth - 1]` when there is
    /// one, keeping the positions after `after` only (deeper nodes never read the others).
    fn make_order(&mut self, depth: usize, after: Option<usize>) {
        if self.orders.len() <= depth {
            self.orders.resize_with(depth + 1, Vec::new);
        }
        let (done, rest) = self.orders.split_at_mut(depth);
        let order = &mut rest[0];
        order.clear();
        let keep = |g: f64, c: usize| g > 0.0 && c > 0;
        match (depth.checked_sub(1), after) {
            (Some(parent), Some(after)) => order.extend(
                done[parent]
                    .iter()
                    .filter(|e| e.3 > after)
                    .map(|e| (self.gains[e.3], e.2, e.3))
                    .filter(|&(g, c, _)| keep(g, c))
                    .map(|(g, c, p)| (g / c as f64, g, c, p)),
            ),
            _ => order.extend(
                self.gains
                    .iter()
                    .zip(&self.costs)
                    .enumerate()
                    .filter(|&(_, (&g, &c))| keep(g, c))
                    .map(|(p, (&g, &c))| (g / c as f64, g, c, p)),
            ),
        }
        // Insertion sort: a parent's order with a few gains lowered is nearly sorted.
        let before = |a: &(f64, f64, usize, usize), b: &(f64, f64, usize, usize)| {
            b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)).is_lt()
        };
        for k in 1..order.len() {
            let mut j = k;
            while j > 0 && before(&order[j], &order[j - 1]) {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
    }

    /// After sentence `i` (pool position `at`) was taken: lower the gains of the later pool
    /// positions that carry a concept it newly covered by that concept's weight, and push them
    /// on `touched` (their gains before on `saved`). Returns where they start, for
    /// `restore_gains`.
    fn refresh_gains(&mut self, i: usize, at: usize) -> usize {
        let start = self.touched.len();
        let w = &self.ranking.concept_weights;
        for &k in &self.features[i].concepts {
            if self.cov[k as usize] != 1 {
                continue;
            }
            let k = k as usize;
            let (a, b) = (
                self.holder_start[k] as usize,
                self.holder_start[k + 1] as usize,
            );
            // A holder's gain loses this concept's weight: taken off rather than recounted
            // over all its concepts (the sum it stood for, up to rounding).
            for &p in &self.holders[a..b] {
                if p > at {
                    if !self.marked[p] {
                        self.marked[p] = true;
                        self.touched.push(p);
                        self.saved.push(self.gains[p]);
                    }
                    self.gains[p] -= w[k];
                }
            }
        }
        for t in start..self.touched.len() {
            self.marked[self.touched[t]] = false;
        }
        start
    }

    /// After the sentence was put back (coverage restored): give the same positions back the
    /// gains they had, which are up to date again.
    fn restore_gains(&mut self, start: usize) {
        for t in start..self.touched.len() {
            self.gains[self.touched[t]] = self.saved[t];
        }
        self.touched.truncate(start);
        self.saved.truncate(start);
    }

    fn branch(&mut self, from: usize, used: usize, value: f64) {
        if value > self.best_value + 1e-9 {
            self.best_value = value;
            self.best.clone_from(&self.current);
        }
        if from >= self.pool.len() || self.nodes_left == 0 {
            return;
        }
        self.nodes_left -= 1;
        if value + self.bound(from, self.capacity - used) <= self.best_value + 1e-9 {
            return;
        }
        let i = self.pool[from];
        let c = self.costs[from];
        let n = self.pool.len();
        if used + c <= self.capacity
            && !self
                .current_pos
                .iter()
                .any(|&q| self.conflict[from * n + q])
        {
            let g = self.gains[from];
            // The child's own bound test, made first with this node's order: its gains can
            // only be higher than the child's, so when even this bound cannot beat the best,
            // neither can the child's, and the child (which would not raise the best either)
            // is counted and passed over without taking the sentence or ordering its gains.
            if from + 1 < n
                && self.nodes_left > 0
                && value + g <= self.best_value + 1e-9
                && value + g + self.bound(from + 1, self.capacity - used - c)
                    <= self.best_value + 1e-9
            {
                self.nodes_left -= 1;
                self.branch(from + 1, used, value);
                return;
            }
            let features = self.features;
            for &k in &features[i].concepts {
                self.cov[k as usize] += 1;
            }
            let touched = self.refresh_gains(i, from);
            self.current.push(i);
            self.current_pos.push(from);
            self.make_order(self.current.len(), Some(from));
            self.branch(from + 1, used + c, value + g);
            self.current.pop();
            self.current_pos.pop();
            for &k in &features[i].concepts {
                self.cov[k as usize] -= 1;
            }
            self.restore_gains(touched);
        }
        self.branch(from + 1, used, value);
    }
}

/// The first `keep` of `ids` by `key` descending, ties by id: a total order, so only the
/// leading `keep` need sorting to give what a full sort would keep. Each key is computed once.
fn best_by_key(ids: &[usize], key: impl Fn(usize) -> f64, keep: usize) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = ids.iter().map(|&i| (key(i), i)).collect();
    let order = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if keep < keyed.len() {
        keyed.select_nth_unstable_by(keep, order);
        keyed.truncate(keep);
    }
    keyed.sort_unstable_by(order);
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The objective of a set, filling `cov` with how many of its sentences carry each concept.
fn objective(
    set: &[usize],
    features: &[SentenceFeatures],
    ranking: &Ranking,
    cov: &mut [u32],
) -> f64 {
    cov.iter_mut().for_each(|c| *c = 0);
    let mut sum = 0.0;
    for &i in set {
        sum += ranking.prior[i];
        for &c in &features[i].concepts {
            if cov[c as usize] == 0 {
                sum += ranking.concept_weights[c as usize];
            }
            cov[c as usize] += 1;
        }
    }
    sum
}

/// Jaccard similarity of two sorted, deduplicated id lists.
pub(crate) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = sorted_intersection(a, b);
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Whether `jaccard(a, b) > t`. The shared items are at most the shorter list, so the
/// similarity is at most |shorter| / |longer|: when that ratio (rounded as the similarity is)
/// is not above `t`, the lists are not walked. The answer is always `jaccard`'s.
pub(crate) fn jaccard_exceeds(a: &[u32], b: &[u32], t: f64) -> bool {
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    if long == 0 {
        return 0.0 > t;
    }
    // shared / (|a| + |b| - shared) grows with `shared`, which is at most `short`; rounding is
    // monotonic, so the computed similarity is at most the rounded ratio too.
    if short as f64 / long as f64 <= t {
        return false;
    }
    jaccard(a, b) > t
}

/// How many items two sorted, deduplicated lists share.
pub(crate) fn sorted_intersection<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The length shortcut never changes the answer, thresholds at exact ratios included.
        #[test]
        fn jaccard_exceeds_is_jaccard_above(
            // Two lists sharing a common core, so that similarities near the threshold occur.
            core in proptest::collection::btree_set(0u32..40, 0..16),
            only_a in proptest::collection::btree_set(40u32..60, 0..6),
            only_b in proptest::collection::btree_set(60u32..80, 0..6),
            t in proptest::prop_oneof![
                proptest::strategy::Strategy::prop_map(0u32..=10, |k| f64::from(k) / 10.0),
                proptest::strategy::Strategy::prop_map((1u32..16, 1u32..16), |(x, y)| {
                    f64::from(x.min(y)) / f64::from(x.max(y))
                }),
                -1.0f64..1.0,
            ],
        ) {
            let a: Vec<u32> = core.iter().chain(&only_a).copied().collect();
            let b: Vec<u32> = core.iter().chain(&only_b).copied().collect();
            proptest::prop_assert_eq!(jaccard_exceeds(&a, &b, t), jaccard(&a, &b) > t);
        }
    }

    fn feat(words: usize, concepts: &[u32], terms: &[u32]) -> SentenceFeatures {
        let mut term_set = terms.to_vec();
        term_set.sort_unstable();
        term_set.dedup();
        SentenceFeatures {
            words,
            terms: terms.to_vec(),
            concepts: concepts.to_vec(),
            term_set,
        }
    }

    fn ranking(weights: &[f64], n: usize) -> Ranking {
        Ranking {
            concept_weights: weights.to_vec(),
            doc_relevance: vec![1.0],
            eligible: vec![true; n],
            spare: vec![false; n],
            prior: vec![0.0; n],
            removals: vec![],
            foreign_from: vec![],
            off_topic: vec![],
            mean_weight: 1.0,
            embeddings: vec![],
            concept_stats: Default::default(),
        }
    }

    #[test]
    fn respects_word_budget_and_counts_concepts_once() {
        let f = vec![
            feat(10, &[0, 1], &[1, 2]),
            feat(10, &[0, 1], &[3, 4]),
            feat(10, &[2], &[5, 6]),
            feat(30, &[3], &[7, 8]),
        ];
        let r = ranking(&[3.0, 3.0, 2.0, 1.0], f.len());
        let cfg = SelectConfig {
            budget: Budget::Words(25),
            ..SelectConfig::default()
        };
        let picks: Vec<usize> = select(&f, &r, &cfg).iter().map(|p| p.sentence).collect();
        // Sentence 1 repeats sentence 0's concepts, so sentence 2 is worth more.
        assert_eq!(picks, vec![0, 2]);
    }

    #[test]
    fn best_single_sentence_beats_weak_greedy() {
        let f = vec![feat(1, &[0], &[1]), feat(10, &[1], &[2])];
        let r = ranking(&[1.0, 9.0], f.len());
        let cfg = SelectConfig {
            budget: Budget::Words(10),
            ..SelectConfig::default()
        };
        let picks: Vec<usize> = select(&f, &r, &cfg).iter().map(|p| p.sentence).collect();
        assert_eq!(picks, vec![1]);
    }

    #[test]
    fn near_duplicates_are_never_both_chosen() {
        let f = vec![
            feat(5, &[0], &[1, 2, 3, 4]),
            feat(5, &[1], &[1, 2, 3, 4]),
            feat(5, &[2], &[9]),
        ];
        let r = ranking(&[2.0, 2.0, 1.0], f.len());
        let cfg = SelectConfig {
            budget: Budget::Sentences(3),
            ..SelectConfig::default()
        };
        let picks: Vec<usize> = select(&f, &r, &cfg).iter().map(|p| p.sentence).collect();
        assert!(!(picks.contains(&0) && picks.contains(&1)));
    }

    /// Sentence 1 adds no concept weight (its one concept is sentence 0's), yet brings new
    /// terms: room left after the objective's pick goes to it, not to a near-duplicate of the
    /// pick (2) or a sentence held back (3), though both bring more new terms, nor to the spare
    /// one (4), which only gets room left after that.
    #[test]
    fn fill_spends_room_on_new_terms_eligible_first() {
        let base: Vec<u32> = (1..=10).collect();
        let near: Vec<u32> = base.iter().copied().chain(20..24).collect();
        let f = vec![
            feat(10, &[0], &base),
            feat(10, &[0], &[31, 32, 33]),
            feat(10, &[0], &near),
            feat(10, &[0], &[50, 51, 52, 53, 54, 55, 56]),
            feat(10, &[0], &[40, 41]),
        ];
        let mut r = ranking(&[5.0], f.len());
        r.prior[3] = -1.0;
        r.eligible[4] = false;
        r.spare[4] = true;
        let pick = |words: usize, fill: bool| -> Vec<usize> {
            let cfg = SelectConfig {
                budget: Budget::Words(words),
                fill,
                ..SelectConfig::default()
            };
            select(&f, &r, &cfg).iter().map(|p| p.sentence).collect()
        };
        assert_eq!(pick(25, false), vec![0]);
        assert_eq!(pick(25, true), vec![0, 1]);
        assert_eq!(pick(35, true), vec![0, 1, 4]);
        // No room for a second sentence: nothing to fill.
        assert_eq!(pick(19, true), vec![0]);
    }

    /// A spare sentence whose terms the picks already hold adds nothing, so it is left out.
    #[test]
    fn fill_skips_sentences_without_new_terms() {
        let f = vec![feat(10, &[0], &[1, 2, 3]), feat(8, &[1], &[1, 2])];
        let mut r = ranking(&[5.0, 0.0], f.len());
        r.eligible[1] = false;
        r.spare[1] = true;
        let cfg = SelectConfig {
            budget: Budget::Words(30),
            ..SelectConfig::default()
        };
        let picks: Vec<usize> = select(&f, &r, &cfg).iter().map(|p| p.sentence).collect();
        assert_eq!(picks, vec![0]);
    }

    proptest::proptest! {
        /// With every candidate in its pool, the exact search finds the best set that fits the
        /// budget and holds no two duplicates: its objective equals a brute force over all
        /// subsets.
        #[test]
        fn exact_search_matches_brute_force(
            sentences in proptest::collection::vec(
                (1usize..12, proptest::collection::vec(0u32..10, 1..5), proptest::collection::vec(0u32..8, 1..4)),
                1..10,
            ),
            weights in proptest::collection::vec(0.0f64..5.0, 10),
            budget in 5usize..30,
        ) {
            let f: Vec<SentenceFeatures> = sentences
                .iter()
                .map(|(words, concepts, terms)| {
                    let mut c = concepts.clone();
                    c.sort_unstable();
                    c.dedup();
                    feat(*words, &c, terms)
                })
                .collect();
            let r = ranking(&weights, f.len());
            let cfg = SelectConfig {
                budget: Budget::Words(budget),
                exact_candidates: f.len(),
                ..SelectConfig::default()
            };
            let picks: Vec<usize> = select(&f, &r, &cfg).iter().map(|p| p.sentence).collect();
            let mut cov = vec![0u32; weights.len()];
            let got = objective(&picks, &f, &r, &mut cov);
            let mut best = 0.0f64;
            for mask in 0u32..1 << f.len() {
                let set: Vec<usize> = (0..f.len()).filter(|&i| mask >> i & 1 == 1).collect();
                let words: usize = set.iter().map(|&i| f[i].words).sum();
                let clash = set.iter().enumerate().any(|(k, &a)| {
                    set[k + 1..].iter().any(|&b| {
                        jaccard(&f[a].term_set, &f[b].term_set) > cfg.duplicate_jaccard
                    })
                });
                if words <= budget && !clash {
                    best = best.max(objective(&set, &f, &r, &mut cov));
                }
            }
            proptest::prop_assert!((got - best).abs() < 1e-9, "got {got}, best {best}, picks {picks:?}");
        }
    }

    #[test]
    fn jaccard_of_sorted_lists() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }
}
