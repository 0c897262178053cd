"""Accuracy of the rule extractor `claims.extraction.extract` on three corpora, printed as one section each.

own (bench/extraction_corpus/, written by the team): a found quote matches a gold quote when their spans overlap by at
least half of the shorter one. Metrics: precision of direct+partial, recall of direct, speaker accuracy (named gold
speakers; a surname is accepted when it is unique among the article's gold speakers), indirect recall, and negatives
(`not_quotes` returned as quotes).

polnear (PolNeAR v1.0.0 in <data>/polnear-dev/<split>, annotated by others), scored exactly as <data>/README.md says
acceptance scores it. A gold attribution is an E line with a Content (its Content2, the second piece of a quote split by
its attribution, belongs to it; discontinuous pieces count as their union; the first .ann in sorted order per text).
- direct: the Content's annotated text, stripped and without one trailing , or ., starts and ends with " “ or ”;
  the rest is indirect.
- precision: returned quotes of kind direct/partial/mixed with at least half of their length inside one gold Content.
- direct recall: a gold direct Content is found when the direct/partial/mixed quotes overlapping it together cover at
  least half of it.
- speaker: over found direct gold quotes whose Source names someone, right when a word of the Source (casefolded
  letter/digit runs, less STOP_WORDS, less PRONOUNS; parenthesised parts such as "(R-Texas)" dropped) is a word of
  the `speaker` or `speaker_mention` of a returned quote overlapping it. A Source names someone when such a word is
  left: "he", "his" or "they" do not; "his spokesman", "a source" and "Trump" do.
- indirect recall: a gold indirect Content is found when one returned quote of kind indirect overlaps half of it.
The same figures are given for a bare quotation-mark regex (REGEX: each match's inside, kind direct, no speaker).

measeval (MeasEval train in <data>/measeval-train, annotType Quantity rows):
- numbers: gold quantities overlapped by at least one returned quantity.
- ranges (mod IsRange): right when one returned quantity overlapping the gold span has (lower, upper) equal to the two
  numbers `reference_range` reads from the gold text (sorted; a scale word such as "million" applies to both).
  IsRange items it reads no two-number range from ("≥16", "at least 5 hours") are counted as unscored.
- hedged (mod IsApproximate or HasTolerance, or the text begins with ~ ∼ ≈ < > ≤ ⩽ ≥ ⩾ or a HEDGE_WORDS phrase, or
  contains ±): right when one returned quantity overlapping it has the interval `reference_interval` derives (see
  READINGS); items it derives none for are counted, with the reason, as unscored.

<data> is ../shared/data beside the repository, or $FACTCHECK_SHARED_DATA.
Run: `.venv/bin/python bench/extract_accuracy.py [--corpus own|polnear|measeval] [--split dev|train] [--errors]`.
"""

import argparse
import csv
import functools
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "extraction_corpus"))

from validate import load  # noqa: E402

from claims.extraction import extract  # noqa: E402

DATA = Path(os.environ.get("FACTCHECK_SHARED_DATA") or ROOT.parent / "shared" / "data")
QUOTED = {"direct", "partial"}
SENTENCE_END = re.compile(r"[.?!][”\"]?(?:\s|$)|\n")
ABBREVIATION = re.compile(
    r"\b(?:Mrs?|Ms|Dr|Sen|Rep|Gov|Gen|Lt|St|Jr|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z]-[A-Z][A-Za-z]*|[A-Z])\.$"
)
METRICS = {  # name: (numerator, denominator)
    "precision_direct_partial": ("found_dp_matched", "found_dp"),
    "recall_direct": ("gold_direct_found", "gold_direct"),
    "speaker_accuracy": ("speaker_correct", "speaker_scored"),
    "recall_indirect": ("gold_indirect_found", "gold_indirect"),
}


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def cell(numerator: int, denominator: int, width: int = 4) -> str:
    """`n/d pct`, or a dash when nothing was counted."""
    if not denominator:
        return f"{'-':>{2 * width + 6}}"
    return f"{numerator:>{width}}/{denominator:<{width}} {numerator / denominator:>4.0%}"


@functools.lru_cache(maxsize=4)
def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences of `text` end (not after "Ms.", "Sen.", "D-Ill." and the like)."""
    ends = (m for m in SENTENCE_END.finditer(text))
    return [m.end() for m in ends if not ABBREVIATION.search(text, max(0, m.start() - 40), m.start() + 1)]


def around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence(s) around text[start:end] start and end."""
    ends = sentence_ends(text)
    left = max((i for i in ends if i <= start), default=0)
    return left, min((i for i in ends if i >= end), default=len(text))


def sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) around text[start:end], on one line."""
    left, right = around(text, start, end)
    return text[left:right].strip()


def marked(text: str, start: int, end: int, limit: int = 500) -> str:
    """The sentence(s) around text[start:end] on one line, the span between ⟦ ⟧, shortened in the middle if long."""
    left, right = around(text, start, end)
    inner = text[start:end]
    if len(inner) > limit:
        inner = inner[: limit // 2] + " […] " + inner[-limit // 2 :]
    line = f"{text[left:start].lstrip()}⟦{inner}⟧{text[end:right].rstrip()}"
    return " ".join(line.split())


def short(value: str, limit: int = 160) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- own corpus: bench/extraction_corpus/ -------------------------------------------------------------------------


def span(item) -> tuple[int, int]:
    return (item["start"], item["end"]) if isinstance(item, dict) else (item.start, item.end)


def overlap(a, b) -> int:
    (a0, a1), (b0, b1) = span(a), span(b)
    return min(a1, b1) - max(a0, b0)


def best(item, candidates):
    """The candidate overlapping `item` most, if it covers at least half of the shorter span."""
    shorter = {id(c): min(span(c)[1] - span(c)[0], span(item)[1] - span(item)[0]) for c in candidates}
    matches = [c for c in candidates if overlap(item, c) >= max(1, shorter[id(c)] / 2)]
    return max(matches, key=lambda c: overlap(item, c), default=None)


def speaker_ok(found: str | None, gold: dict, surnames: Counter) -> bool:
    found, name = (found or "").casefold(), gold["speaker"].casefold()
    surname = name.split()[-1]
    return found == name or (gold["speaker_kind"] == "person" and found == surname and surnames[surname] == 1)


def score(article: dict, errors: list[str]) -> Counter:
    """Counts of one own-corpus article (see the module docstring); appends its errors to `errors`."""
    text, gold = article["text"], article["quotes"]
    found = extract(text).quotes
    found_dp = [q for q in found if q.kind in QUOTED]
    gold_dp = [g for g in gold if g["kind"] in QUOTED]
    surnames = Counter(s.split()[-1] for s in {g["speaker"].casefold() for g in gold if g["speaker_kind"] == "person"})
    n = Counter(found_dp=len(found_dp), not_quotes=len(article["not_quotes"]))

    def report(label: str, start: int, end: int, note: str = "") -> None:
        errors.append(f"{article['name']}  {label}: {text[start:end]!r}{note}\n    | {sentence(text, start, end)}")

    for q in found_dp:
        if best(q, gold_dp):
            n["found_dp_matched"] += 1
        else:
            negative = best(q, article["not_quotes"])
            report("FALSE POSITIVE" + (" (not_quote)" if negative else ""), q.start, q.end, f" [{q.kind}]")
    n["negatives_returned"] = sum(1 for neg in article["not_quotes"] if best(neg, found_dp))
    for g in gold:
        pool = found_dp if g["kind"] in QUOTED else [q for q in found if q.kind == "indirect"]
        match = best(g, pool)
        if g["kind"] in ("direct", "indirect"):
            n[f"gold_{g['kind']}"] += 1
            n[f"gold_{g['kind']}_found"] += bool(match)
        if not match:
            report(f"MISSED {g['kind']}", g["start"], g["end"], f" ({g['speaker']})")
        elif g["kind"] in QUOTED and g["speaker_kind"] != "anonymous":
            n["speaker_scored"] += 1
            if speaker_ok(match.speaker, g, surnames):
                n["speaker_correct"] += 1
            else:
                report("WRONG SPEAKER", g["start"], g["end"], f" found {match.speaker!r}, gold {g['speaker']!r}")
    return n


def summary(n: Counter) -> dict:
    """The own corpus's ratios and counts."""
    result = {name: (n[num] / n[den] if n[den] else None) for name, (num, den) in METRICS.items()}
    result["negatives_returned"] = n["negatives_returned"]
    return result | {"counts": dict(n)}


def fmt(n: Counter) -> str:
    cells = [f"{n[a]:>3}/{n[b]:<3} {n[a] / n[b]:>4.0%}" if n[b] else f"{'-':>12}" for a, b in METRICS.values()]
    return "  ".join(cells) + f"  {n['negatives_returned']:>3}/{n['not_quotes']}"


def run_own(show_errors: bool) -> dict:
    """The own-corpus section: one line per article, then the overall line."""
    articles, problems = load()
    if problems:
        sys.exit("corpus does not validate:\n" + "\n".join(problems))
    errors, per_article, total = [], {}, Counter()
    print("== own corpus (bench/extraction_corpus/)")
    print(f"{'article':34} {'precision d+p':>12}  {'recall direct':>12}  {'speaker acc':>12}  {'recall ind':>12}  neg")
    for article in articles:
        n = score(article, errors)
        total.update(n)
        per_article[article["name"]] = summary(n)
        print(f"{article['name']:34} {fmt(n)}")
    print(f"{'OVERALL':34} {fmt(total)}")
    if show_errors:
        print("\n" + "\n".join(errors))
    return {"overall": summary(total), "articles": per_article}


# --- intervals (lists of (start, end), end exclusive) ---------------------------------------------------------------


def merge(pieces) -> tuple[tuple[int, int], ...]:
    """Sorted, non-overlapping union of the pieces."""
    out: list[list[int]] = []
    for start, end in sorted(pieces):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((a, b) for a, b in out)


def length(pieces) -> int:
    return sum(end - start for start, end in pieces)


def shared(a, b) -> int:
    """Characters in both unions of pieces."""
    return sum(max(0, min(a1, b1) - max(a0, b0)) for a0, a1 in merge(a) for b0, b1 in merge(b))


# --- PolNeAR ---------------------------------------------------------------------------------------------------------

QUOTE_KINDS = {"direct", "partial", "mixed"}
QUOTE_MARKS = '"“”'
REGEX = re.compile(r"“[^”]*”|\"[^\"]*\"")
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
E_LINE = re.compile(r"^(E\d+)\t(.*)$")
OTHER_LINE = re.compile(r"^(?:[TERAMN]\d+|#\d*|\*)\t")  # brat lines other than a span's text running over a line
WORD = re.compile(r"[^\W_]+")
PARENTHESES = re.compile(r"\([^)]*\)")
PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves this that these those who whom whose which what one "
    "ones someone somebody anyone everyone everybody nobody".split()
)
CUE_WORDS = frozenset("said says say told tells added adds asked asks wrote writes according tweeted".split())
STOP_WORDS = frozenset(
    "a an the of and or nor but for to in on at by with from as into about than also both all some many several any "
    "other another such own same each few more most not no s t d r i ll ve re m "
    "mr mrs ms miss dr sen rep reps gov lt gen col sgt st jr sr rev prof hon u".split()
)


@dataclass
class AnnSpan:
    """One brat T line: its type, its pieces as written, and the annotated text (pieces joined by a space)."""

    kind: str
    pieces: tuple[tuple[int, int], ...]
    text: str


@dataclass
class GoldAttribution:
    """A PolNeAR attribution's Content (union of its pieces, Content2 included), with its Sources and Cues."""

    pieces: tuple[tuple[int, int], ...]
    text: str
    direct: bool
    sources: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


@dataclass
class Found:
    """A quote returned by the quotation-mark regex baseline (shaped like the fields of QuoteSuggestion it reads)."""

    text: str
    start: int
    end: int
    kind: str = "direct"
    cue: str = ""
    speaker: str | None = None
    speaker_mention: str = ""


@dataclass
class Document:
    name: str
    publisher: str
    text: str
    gold: list[GoldAttribution]
    contents: list[tuple[tuple[int, int], ...]]  # every gold Content, as unions of pieces, for precision


def read_ann(path: Path) -> tuple[dict[str, AnnSpan], list[dict[str, str]]]:
    """T spans by id and E lines as {role: T id}; a span text that runs over a line break continues on the next line."""
    spans: dict[str, AnnSpan] = {}
    events: list[dict[str, str]] = []
    last = None
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        if m := T_LINE.match(line):
            pieces = tuple((int(a), int(b)) for a, b in (p.split() for p in m[3].split(";")))
            last = spans[m[1]] = AnnSpan(m[2], pieces, m[4])
        elif m := E_LINE.match(line):
            events.append(dict(arg.split(":", 1) for arg in m[2].split() if ":" in arg))
            last = None
        elif last is not None and not OTHER_LINE.match(line):
            last.text += "\n" + line
        else:
            last = None
    return spans, events


def is_direct(content: str) -> bool:
    """The README's test: stripped, less one trailing , or ., it starts and ends with a quotation mark."""
    content = content.strip()
    if content.endswith((",", ".")):
        content = content[:-1]
    return len(content) >= 2 and content[0] in QUOTE_MARKS and content[-1] in QUOTE_MARKS


def source_and_cue(spans: dict[str, AnnSpan], event: dict[str, str]) -> tuple[str, str, bool]:
    """The E line's Source and Cue texts, swapped back (and said so) where the annotator swapped their labels
    (Source 'said', Cue 'David Plouffe, the architect of ...')."""
    source, cue = (spans[event[role]].text if event.get(role) in spans else "" for role in ("Source", "Cue"))
    swapped = bool(name_words(source)) and name_words(source) <= CUE_WORDS and not name_words(cue) <= CUE_WORDS
    return (cue, source, True) if swapped else (source, cue, False)


def attributions(spans: dict[str, AnnSpan], events: list[dict[str, str]], checked: Counter) -> list[GoldAttribution]:
    """One gold attribution per distinct Content; E lines sharing a Content pool their Sources and Cues."""
    by_pieces: dict[tuple, GoldAttribution] = {}
    for event in events:
        contents = [spans[event[role]] for role in ("Content", "Content2") if event.get(role) in spans]
        if not contents:
            continue
        text = " ".join(c.text for c in contents)
        pieces = merge(p for c in contents for p in c.pieces)
        gold = by_pieces.setdefault(pieces, GoldAttribution(pieces, text, is_direct(text)))
        source, cue, swapped = source_and_cue(spans, event)
        checked["swapped"] += swapped
        gold.sources += [source] if source else []
        gold.cues += [cue] if cue else []
    return list(by_pieces.values())


def publishers(root: Path) -> dict[str, str]:
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as fh:
        return {row["filename"]: row["publisher"] for row in csv.DictReader(fh, delimiter="\t")}


def load_polnear(split: str, checked: Counter, mismatches: list[str]) -> list[Document]:
    """The split's documents with their gold attributions; counts T spans whose offsets index the text in `checked`."""
    root = DATA / "polnear-dev"
    outlets = publishers(root)
    first: dict[str, Path] = {}
    for ann in sorted((root / split / "attributions").glob("*.ann")):
        first.setdefault(re.sub(r"_[0-9a-f]+$", "", ann.stem), ann)
    documents = []
    for name, ann in sorted(first.items()):
        with open(root / split / "text" / f"{name}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        spans, events = read_ann(ann)
        for key, s in spans.items():
            ok = " ".join(text[a:b] for a, b in s.pieces) == s.text
            checked["ok" if ok else "bad"] += 1
            if not ok:
                mismatches.append(f"{ann.name} {key}: {s.text[:60]!r} != {' '.join(text[a:b] for a, b in s.pieces)!r}")
        contents = [merge(s.pieces) for s in spans.values() if s.kind == "Content"]
        documents.append(Document(name, outlets.get(name, "?"), text, attributions(spans, events, checked), contents))
    return documents


def regex_quotes(text: str) -> list[Found]:
    """The baseline: the inside of each “...” or "..." as a direct quote with no speaker."""
    return [Found(m.group()[1:-1], m.start() + 1, m.end() - 1) for m in REGEX.finditer(text)]


def name_words(source: str) -> set[str]:
    """The words of a gold Source that name someone: casefolded, less parentheses, stop words and pronouns."""
    return set(WORD.findall(PARENTHESES.sub(" ", source).casefold())) - STOP_WORDS - PRONOUNS


def speaker_words(quotes) -> set[str]:
    return {w for q in quotes for w in WORD.findall(f"{q.speaker or ''} {q.speaker_mention or ''}".casefold())}


def score_polnear(doc: Document, found: list, errors: list[tuple[str, str]] | None) -> Counter:
    """The README's counts for one document and one finder's returned quotes; errors as (kind, text) when asked."""
    n = Counter()
    quotes = [q for q in found if q.kind in QUOTE_KINDS]
    for q in quotes:
        inside = max((shared([(q.start, q.end)], c) for c in doc.contents), default=0)
        is_inside = q.end > q.start and 2 * inside >= q.end - q.start
        n["returned"] += 1
        n["returned_inside"] += is_inside
        if errors is not None and not is_inside:
            errors.append(("FALSE POSITIVE", false_positive(doc, q, inside)))
    for gold in doc.gold:
        if gold.direct:
            score_direct(doc, gold, quotes, found, n, errors)
        else:
            score_indirect(doc, gold, found, n, errors)
    return n


def score_direct(doc: Document, gold: GoldAttribution, quotes: list, found: list, n: Counter, errors) -> None:
    """Direct recall and, for found quotes whose Source names someone, the speaker."""
    touching = [q for q in quotes if shared([(q.start, q.end)], gold.pieces) > 0]
    covered, size = shared([(q.start, q.end) for q in touching], gold.pieces), length(gold.pieces)
    n["gold_direct"] += 1
    if 2 * covered < size:
        if errors is not None:
            errors.append(("MISSED direct", missed(doc, gold, found, f"together they cover {covered / size:.0%}")))
        return
    n["gold_direct_found"] += 1
    names = set().union(*(name_words(s) for s in gold.sources))
    if not names:
        return
    n["speaker_scored"] += 1
    if names & speaker_words(touching):
        n["speaker_right"] += 1
    elif errors is not None:
        errors.append(("WRONG SPEAKER", wrong_speaker(doc, gold, touching)))


def score_indirect(doc: Document, gold: GoldAttribution, found: list, n: Counter, errors) -> None:
    """Indirect recall: one returned indirect quote overlapping at least half of the gold Content."""
    n["gold_indirect"] += 1
    best_cover = max((shared([(q.start, q.end)], gold.pieces) for q in found if q.kind == "indirect"), default=0)
    if 2 * best_cover >= length(gold.pieces):
        n["gold_indirect_found"] += 1
    elif errors is not None:
        cover = f"the best indirect one covers {best_cover / length(gold.pieces):.0%}"
        errors.append(("MISSED indirect", missed(doc, gold, found, cover)))


def gold_context(doc: Document, gold: GoldAttribution) -> str:
    start, end = gold.pieces[0][0], gold.pieces[-1][1]
    return marked(doc.text, start, end)


def missed(doc: Document, gold: GoldAttribution, found: list, cover: str) -> str:
    """A missed gold Content: what it is, its Cue and Source, which returned quotes overlap it and how much."""
    size = length(gold.pieces)
    touching = [(q, shared([(q.start, q.end)], gold.pieces)) for q in found]
    touching = [(q, c) for q, c in touching if c > 0]
    overlaps = "; ".join(f"{q.kind} {c / size:.0%} {short(q.text, 60)!r}" for q, c in touching) or "none"
    return (
        f"{doc.name} [{gold.pieces[0][0]}:{gold.pieces[-1][1]}]  cue {' / '.join(gold.cues) or '-'!r}  "
        f"source {' / '.join(short(s, 60) for s in gold.sources) or '-'!r}\n"
        f"    gold: {short(gold.text, 300)!r}\n"
        f"    returned quotes overlapping it (kind, share of gold): {overlaps}; {cover}\n"
        f"    | {gold_context(doc, gold)}"
    )


def false_positive(doc: Document, q, inside: int) -> str:
    share = inside / (q.end - q.start) if q.end > q.start else 0
    return (
        f"{doc.name} [{q.start}:{q.end}]  {q.kind}  speaker {q.speaker!r}  cue {q.cue!r}  "
        f"inside a gold Content: {share:.0%}\n"
        f"    returned: {short(q.text, 300)!r}\n"
        f"    | {marked(doc.text, q.start, q.end)}"
    )


def wrong_speaker(doc: Document, gold: GoldAttribution, touching: list) -> str:
    returned = "; ".join(f"speaker {q.speaker!r} mention {q.speaker_mention!r} cue {q.cue!r}" for q in touching)
    return (
        f"{doc.name} [{gold.pieces[0][0]}:{gold.pieces[-1][1]}]  gold source {' / '.join(gold.sources)!r}  "
        f"cue {' / '.join(gold.cues) or '-'!r}\n"
        f"    returned: {returned}\n"
        f"    | {gold_context(doc, gold)}"
    )


POLNEAR_METRICS = {  # name: (numerator, denominator)
    "precision": ("returned_inside", "returned"),
    "recall_direct": ("gold_direct_found", "gold_direct"),
    "speaker": ("speaker_right", "speaker_scored"),
    "recall_indirect": ("gold_indirect_found", "gold_indirect"),
}


def polnear_summary(n: Counter) -> dict:
    return {name: ratio(n[a], n[b]) for name, (a, b) in POLNEAR_METRICS.items()} | {"counts": dict(n)}


def polnear_row(label: str, finder: str, n: Counter) -> str:
    return f"{label:14} {finder:6} " + "  ".join(cell(n[a], n[b]) for a, b in POLNEAR_METRICS.values())


def safe_extract(name: str, text: str, crashes: list[str]):
    """extract(text), or an empty Extraction when it raises (noted in `crashes`; the document's gold counts missed)."""
    try:
        return extract(text)
    except Exception as error:  # noqa: BLE001 (one document's crash must not stop the benchmark)
        crashes.append(f"{name}: {type(error).__name__}: {error}")
        return extract("")


def print_crashes(crashes: list[str]) -> None:
    for line in crashes:
        print(f"  extract() RAISED on {line} (scored as returning nothing)")


def run_polnear(split: str, show_errors: bool) -> dict:
    """The PolNeAR section: per outlet and overall, the extractor's line and the regex baseline's beneath it."""
    checked, mismatches = Counter(), []
    documents = load_polnear(split, checked, mismatches)
    errors: list[tuple[str, str]] = []
    crashes: list[str] = []
    totals = {"rules": defaultdict(Counter), "regex": defaultdict(Counter)}
    seconds = 0.0
    for doc in documents:
        began = time.perf_counter()
        found = safe_extract(doc.name, doc.text, crashes).quotes
        seconds += time.perf_counter() - began
        for finder, quotes, log in (("rules", found, errors), ("regex", regex_quotes(doc.text), None)):
            n = score_polnear(doc, quotes, log)
            totals[finder][doc.publisher].update(n)
            totals[finder]["OVERALL"].update(n)
    total = checked["ok"] + checked["bad"]
    swapped = checked["swapped"]
    print(f"== PolNeAR {split}: {len(documents)} documents (first annotator each), extract() {seconds:.1f} s")
    print(f"offsets: {checked['ok']}/{total} T spans have text[start:end] equal to their annotated text")
    for line in mismatches[:5]:
        print(f"  mismatch {line}")
    print_crashes(crashes)
    print(f"Source/Cue labels swapped back where the Source is only a cue word ('said'): {swapped} attributions")
    print(
        f"{'outlet':14} {'finder':6} {'precision':>16}  {'recall direct':>16}  {'speaker':>16}  {'recall indirect':>16}"
    )
    for outlet in sorted(totals["rules"], key=lambda o: (o == "OVERALL", o)):
        for finder in ("rules", "regex"):
            print(polnear_row(outlet if finder == "rules" else "", finder, totals[finder][outlet]))
    if show_errors:
        print_polnear_errors(errors)
    return {
        "split": split,
        "documents": len(documents),
        "offsets": {"matching": checked["ok"], "spans": total},
        "source_cue_swapped": swapped,
        "extract_seconds": round(seconds, 2),
        "extract_raised": crashes,
        **{f: {o: polnear_summary(n) for o, n in sorted(t.items())} for f, t in totals.items()},
    }


def print_polnear_errors(errors: list[tuple[str, str]]) -> None:
    """The extractor's errors grouped by kind, in document order."""
    for kind in ("MISSED direct", "WRONG SPEAKER", "FALSE POSITIVE", "MISSED indirect"):
        listed = [e for k, e in errors if k == kind]
        print(f"\n-- {kind}: {len(listed)}")
        for entry in listed:
            print(f"{kind}  {entry}")


# --- MeasEval: a reference reading of the gold quantities ----------------------------------------------------------

NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\d.])\.\d+")
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORD_NUMBER = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
SCALE = re.compile(r"[\s\u00a0]*(thousand|million|billion|trillion)\b", re.IGNORECASE)
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
EXPONENT_BEFORE = re.compile(r"[^\W\d_](?:[−-]\s?)?$")  # "cm−1", "m2", "g− 1": a unit's power, not a number
SIGN_BEFORE = re.compile(r"([-−])\s?$")
UNREADABLE = re.compile(r"×|\dx\s?10|\d:\d|\d/\d|\b10−\d|\de[−-]?\d")  # powers of ten, clock times, fractions
RANGE_WORDS = re.compile(r"(?:\S+\s+){0,2}(?:to|through|and)")
RANGE_DASH = re.compile(r"[^\s\d]{0,10}\s*[–—−-]")
TOLERANCE_SIGN = re.compile(r"[^\s\d]{0,10}\s*(?:±|\+/-|\+/−)")
NOT_IN_RANGE = re.compile(r"[<>≤≥⩽⩾±+,;(]|\bor\b")
HEDGE_WORDS = (
    "not more than", "no more than", "more than", "less than", "fewer than", "up to", "at least", "at most",
    "approximately", "about", "around", "roughly", "nearly", "almost", "over", "under",
)  # fmt: skip
EXTRA_HEDGE_WORDS = ("in the order of", "on the order of", "greater than", "ca.", "circa", "near", "above", "below")
HEDGE_SYMBOLS = "~∼≈<>≤⩽≥⩾"
READINGS = {  # hedge -> how a reader bounds the single value v it qualifies
    **dict.fromkeys(("~", "∼", "≈", "about", "approximately", "around", "roughly"), "approx"),  # lower < v < upper
    **dict.fromkeys(("in the order of", "on the order of", "ca.", "circa", "near"), "approx"),
    **dict.fromkeys(("nearly", "almost"), "almost"),  # lower < v, upper v exclusive
    **dict.fromkeys(("<", "less than", "fewer than", "under", "below"), "lt"),  # upper v exclusive, lower none or 0
    **dict.fromkeys(("≤", "⩽", "at most", "up to", "no more than", "not more than"), "le"),  # upper v inclusive
    **dict.fromkeys((">", "more than", "over", "greater than", "above"), "gt"),  # lower v exclusive, no upper
    **dict.fromkeys(("≥", "⩾", "at least"), "ge"),  # lower v inclusive, no upper
}
SELECTING = re.compile(
    r"^\(?\s*(?:[" + HEDGE_SYMBOLS + r"]|(?:" + "|".join(re.escape(w) for w in HEDGE_WORDS) + r")\b)", re.IGNORECASE
)
LEADING_HEDGE = re.compile(
    r"^(?P<hedge>[" + HEDGE_SYMBOLS + r"]|(?:" + "|".join(re.escape(w) for w in HEDGE_WORDS + EXTRA_HEDGE_WORDS)
    + r")(?![\w]))\s*",
    re.IGNORECASE,
)  # fmt: skip
LEADING_NOISE = re.compile(r"^[(\s]*(?:(?:average|mean|median)\s+)?", re.IGNORECASE)
MODS = re.compile(r"(?:Is|Has)[A-Z][a-z]+")


@dataclass
class Number:
    value: Decimal
    start: int
    end: int
    scale: int = 1


def numbers(text: str) -> list[Number] | None:
    """The numbers a reader reads in `text` (signs, thousands commas, number words, scale words); None when a
    power of ten, a clock time or a fraction makes the text one this small parser does not read."""
    if UNREADABLE.search(text):
        return None
    found = []
    for m in sorted([*NUMBER.finditer(text), *WORD_NUMBER.finditer(text)], key=lambda m: m.start()):
        start, before = m.start(), text[: m.start()]
        if EXPONENT_BEFORE.search(before):
            continue
        raw = m.group().lower()
        value = Decimal(NUMBER_WORDS[raw]) if raw in NUMBER_WORDS else Decimal(raw.replace(",", ""))
        sign = SIGN_BEFORE.search(before)
        if sign and not re.search(r"[\d%‰°)]\s*$", before[: sign.start()]):
            value, start = -value, sign.start()
        number = Number(value, start, m.end())
        if scale := SCALE.match(text, number.end):
            number.scale, number.end = SCALES[scale.group(1).lower()], scale.end()
            number.value *= number.scale
        found.append(number)
    return found


def reference_range(text: str) -> tuple[Decimal, Decimal] | None:
    """(low, high) of a two-number range: "1323–1423 K", "20 to 30", "between 185 km and 215 km", "−14 to −10",
    "0.5-1.5", "1–2 million" (the scale word is both numbers'); None for anything else."""
    found = numbers(text)
    if not found or len(found) != 2:
        return None
    first, second = found
    between = text[first.end : second.start].strip()
    if NOT_IN_RANGE.search(between):
        return None
    if RANGE_WORDS.fullmatch(between):
        if between.endswith("and") and "between" not in text[: first.start].lower():
            return None
    elif not RANGE_DASH.fullmatch(between):
        return None
    low = first.value * (second.scale if first.scale == 1 else 1)  # "1–2 million": both in millions
    return tuple(sorted((low, second.value)))


@dataclass
class Expected:
    """What a returned quantity's bounds must be: a description for the error list, and the test."""

    description: str
    test: Callable


def tolerance(text: str) -> Expected | str:
    """v ± t reads [v − t, v + t]."""
    found = numbers(text)
    if found is None:
        return "a number the reference parser does not read"
    if len(found) != 2 or not TOLERANCE_SIGN.fullmatch(text[found[0].end : found[1].start].strip()):
        return "± without one central value and one tolerance"
    v, t = found[0].value, abs(found[1].value)
    low, high = v - t, v + t
    return Expected(f"[{low}, {high}]", lambda q: q.lower == low and q.upper == high)


def hedged_reading(reading: str, v: Decimal) -> Expected:
    """The interval a reader gives the hedge's reading of the single value v (see READINGS)."""
    floor_ok = lambda q: q.lower is None or (q.lower == 0 and v > 0)  # noqa: E731
    tests = {
        "approx": (f"finite lower < {v} < finite upper", lambda q: _finite(q) and q.lower < v < q.upper),
        "almost": (f"finite lower < {v}, upper {v} exclusive",
                   lambda q: q.upper == v and not q.upper_inclusive and q.lower is not None and q.lower < v),
        "lt": (f"upper {v} exclusive, no lower or 0", lambda q: q.upper == v and not q.upper_inclusive and floor_ok(q)),
        "le": (f"upper {v} inclusive, no lower or 0", lambda q: q.upper == v and q.upper_inclusive and floor_ok(q)),
        "gt": (f"lower {v} exclusive, no upper", lambda q: q.lower == v and not q.lower_inclusive and q.upper is None),
        "ge": (f"lower {v} inclusive, no upper", lambda q: q.lower == v and q.lower_inclusive and q.upper is None),
    }  # fmt: skip
    return Expected(*tests[reading])


def _finite(q) -> bool:
    return q.lower is not None and q.upper is not None


def reference_interval(text: str) -> Expected | str:
    """The interval a reader reads from a hedged gold quantity, or why this parser derives none."""
    if "±" in text or "+/-" in text or "+/−" in text:
        return tolerance(text)
    body = text[LEADING_NOISE.match(text).end() :]
    hedge = LEADING_HEDGE.match(body)
    if not hedge:
        return "no hedge word or symbol at its start (approximate by annotation only, or ≳ ≲)"
    word, rest = hedge["hedge"].lower(), body[hedge.end() :]
    if LEADING_HEDGE.match(rest):
        return "two hedges in a row"
    if word == "over" and re.match(r"(?:a|an|the)\b", rest, re.IGNORECASE):
        return "'over' a period of time"
    found = numbers(rest)
    if found is None:
        return "a number the reference parser does not read"
    reading = READINGS[word]
    if len(found) == 2 and reading == "approx" and (span_ := reference_range(rest)):
        low, high = span_
        return Expected(f"finite lower <= {low}, upper >= {high}",
                        lambda q: _finite(q) and q.lower <= low and q.upper >= high)  # fmt: skip
    if len(found) != 1:
        return f"{len(found)} numbers after the hedge"
    return hedged_reading(reading, found[0].value)


# --- MeasEval scoring ------------------------------------------------------------------------------------------------


@dataclass
class GoldQuantity:
    doc: str
    start: int
    end: int
    text: str
    mods: set[str]


def load_measeval(checked: Counter, mismatches: list[str]) -> dict[str, tuple[str, list[GoldQuantity]]]:
    """Text and Quantity rows per docId; counts rows whose offsets index the text in `checked`."""
    root, docs = DATA / "measeval-train", {}
    for tsv in sorted((root / "tsv").glob("*.tsv")):
        with open(root / "text" / f"{tsv.stem}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        with open(tsv, encoding="utf-8", newline="") as fh:
            rows = [
                r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r["annotType"] == "Quantity"
            ]
        gold = []
        for row in rows:
            start, end = int(row["startOffset"]), int(row["endOffset"])
            ok = text[start:end] == row["text"]
            checked["ok" if ok else "bad"] += 1
            if not ok:
                mismatches.append(f"{tsv.name} {row['annotId']}: {row['text']!r} != {text[start:end]!r}")
            other = json.loads(row["other"]) if row["other"].strip() else {}
            mods = set(MODS.findall("".join(other.get("mods", []))))  # "IsMeanHasTolerance" is two mods
            gold.append(GoldQuantity(tsv.stem, start, end, row["text"], mods))
        docs[tsv.stem] = (text, gold)
    return docs


def is_hedged(gold: GoldQuantity) -> bool:
    return bool(gold.mods & {"IsApproximate", "HasTolerance"}) or "±" in gold.text or bool(SELECTING.match(gold.text))


def bounds(q) -> str:
    low = "(-inf" if q.lower is None else f"{'[' if q.lower_inclusive else '('}{q.lower}"
    high = "+inf)" if q.upper is None else f"{q.upper}{']' if q.upper_inclusive else ')'}"
    return f"{low}, {high}"


def returned(quantities: list) -> str:
    listed = "; ".join(f"{q.surface!r} {q.qualifier} {bounds(q)}" for q in quantities)
    return listed or "nothing overlaps"


def measeval_error(kind: str, text: str, gold: GoldQuantity, expected: str, touching: list) -> str:
    return (
        f"{kind}  {gold.doc} [{gold.start}:{gold.end}]  gold {gold.text!r}  expected {expected}\n"
        f"    returned: {returned(touching)}\n"
        f"    | {marked(text, gold.start, gold.end)}"
    )


BARE_NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)*")


@dataclass
class FoundNumber:
    """A number the bare-regex baseline returns, exactly its value (the QuantitySuggestion fields scored)."""

    start: int
    end: int
    lower: Decimal | None
    upper: Decimal | None
    surface: str = ""
    qualifier: str = "exact"
    lower_inclusive: bool = True
    upper_inclusive: bool = True


def regex_numbers(text: str) -> list[FoundNumber]:
    """The baseline: every run of digits as an exact number, with no hedge, range or unit."""
    found = []
    for m in BARE_NUMBER.finditer(text):
        try:
            value = Decimal(m.group().replace("−", "-").replace(",", ""))
        except InvalidOperation:
            continue
        found.append(FoundNumber(m.start(), m.end(), value, value, m.group()))
    return found


def score_measeval(text: str, gold: list[GoldQuantity], errors: list[str], crashes: list[str], found=None) -> Counter:
    """Numbers found, ranges and hedged quantities right, and unscored items, for one paragraph."""
    if found is None:
        found = safe_extract(gold[0].doc if gold else "?", text, crashes).quantities
    n = Counter()
    for g in gold:
        touching = [q for q in found if q.start < g.end and g.start < q.end]
        n["numbers"] += 1
        n["numbers_found"] += bool(touching)
        if "IsRange" in g.mods:
            score_range(text, g, touching, n, errors)
        if is_hedged(g):
            score_hedged(text, g, touching, n, errors)
    return n


def score_range(text: str, gold: GoldQuantity, touching: list, n: Counter, errors: list[str]) -> None:
    expected = reference_range(gold.text)
    if expected is None and is_hedged(gold) and not isinstance(reference_interval(gold.text), str):
        n["ranges_one_sided"] += 1  # "up to 40%", "≥16": scored as hedged
        return
    if expected is None:
        n["ranges_unscored"] += 1
        errors.append(f"UNSCORED range  {gold.doc}  {gold.text!r}: no two-number range read")
        return
    n["ranges"] += 1
    if any((q.lower, q.upper) == expected for q in touching):
        n["ranges_right"] += 1
    else:
        errors.append(measeval_error("WRONG range", text, gold, f"[{expected[0]}, {expected[1]}]", touching))


def score_hedged(text: str, gold: GoldQuantity, touching: list, n: Counter, errors: list[str]) -> None:
    expected = reference_interval(gold.text)
    if isinstance(expected, str):
        n["hedged_unscored"] += 1
        errors.append(f"UNSCORED hedged  {gold.doc}  {gold.text!r}: {expected}")
        return
    n["hedged"] += 1
    if any(expected.test(q) for q in touching):
        n["hedged_right"] += 1
    else:
        errors.append(measeval_error("WRONG hedged", text, gold, expected.description, touching))


MEASEVAL_METRICS = {"numbers": ("numbers_found", "numbers"), "ranges": ("ranges_right", "ranges"),
                    "hedged": ("hedged_right", "hedged")}  # fmt: skip


def run_measeval(show_errors: bool) -> dict:
    """The MeasEval section: numbers found, ranges and hedged quantities read right, unscored items."""
    checked, mismatches = Counter(), []
    docs = load_measeval(checked, mismatches)
    errors: list[str] = []
    crashes: list[str] = []
    total, began = Counter(), time.perf_counter()
    for text, gold in docs.values():
        total.update(score_measeval(text, gold, errors, crashes))
    seconds = time.perf_counter() - began
    baseline = Counter()
    for text, gold in docs.values():
        baseline.update(score_measeval(text, gold, [], [], found=regex_numbers(text)))
    print(f"== MeasEval train: {len(docs)} paragraphs with quantities, {total['numbers']} gold quantities, "
          f"{seconds:.1f} s")  # fmt: skip
    print_crashes(crashes)
    print(f"offsets: {checked['ok']}/{checked['ok'] + checked['bad']} Quantity rows have text[start:end] equal to text")
    for line in mismatches[:5]:
        print(f"  mismatch {line}")
    for name, (right, of) in MEASEVAL_METRICS.items():
        unscored = f"   unscored {total[f'{name}_unscored']}" if name != "numbers" else ""
        if name == "ranges":
            unscored = f"   one-sided (scored as hedged) {total['ranges_one_sided']}{unscored}"
        print(f"{name:8} rules {cell(total[right], total[of])}   regex {cell(baseline[right], baseline[of])}{unscored}")
    if show_errors:
        for kind in ("WRONG range", "WRONG hedged", "UNSCORED range", "UNSCORED hedged"):
            listed = [e for e in errors if e.startswith(kind)]
            print(f"\n-- {kind}: {len(listed)}")
            print("\n".join(listed))
    result = {name: {"right": total[a], "total": total[b], "share": ratio(total[a], total[b]),
                     "regex_right": baseline[a], "regex_share": ratio(baseline[a], baseline[b])}
              for name, (a, b) in MEASEVAL_METRICS.items()}  # fmt: skip
    for name in ("ranges", "hedged"):
        result[name]["unscored"] = total[f"{name}_unscored"]
    result["ranges"]["one_sided_scored_as_hedged"] = total["ranges_one_sided"]
    offsets = {"matching": checked["ok"], "rows": checked["ok"] + checked["bad"]}
    return {"offsets": offsets, "extract_raised": crashes, "seconds": round(seconds, 2), **result}


# --- main -----------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("own", "polnear", "measeval"), help="one section (default: all three)")
    parser.add_argument("--split", choices=("dev", "train"), default="dev", help="PolNeAR split (default dev)")
    parser.add_argument("--errors", action="store_true", help="list every miss, false positive and wrong speaker")
    args = parser.parse_args()
    corpora = [args.corpus] if args.corpus else ["own", "polnear", "measeval"]
    if any(c != "own" for c in corpora) and not DATA.is_dir():
        sys.exit(f"no shared data at {DATA} (set FACTCHECK_SHARED_DATA)")
    runs = {"own": lambda: run_own(args.errors), "polnear": lambda: run_polnear(args.split, args.errors),
            "measeval": lambda: run_measeval(args.errors)}  # fmt: skip
    results = {}
    for i, corpus in enumerate(corpora):
        if i:
            print()
        results[corpus] = runs[corpus]()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "extract_accuracy.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
