"""Quote-attribution accuracy of the rule extractor on the hand-annotated corpus in bench/extraction_corpus/.

A found quote matches a gold quote when their spans overlap by at least half of the shorter one. Metrics:
precision of direct+partial, recall of direct, speaker accuracy (named gold speakers; a surname is accepted when
it is unique among the article's gold speakers), indirect recall, and negatives (`not_quotes` returned as quotes).
Run: `.venv/bin/python bench/extract_accuracy.py [--errors]`.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "extraction_corpus"))

from validate import load  # noqa: E402

from claims.extraction import extract  # noqa: E402

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


def sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) around text[start:end], on one line (not split after "Ms.", "Sen.", "D-Ill." and the like)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text) if not ABBREVIATION.search(text, 0, m.start() + 1)]
    left = max((i for i in ends if i <= start), default=0)
    right = min((i for i in ends if i >= end), default=len(text))
    return text[left:right].strip()


def score(article: dict, errors: list[str]) -> Counter:
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
    result = {name: (n[num] / n[den] if n[den] else None) for name, (num, den) in METRICS.items()}
    result["negatives_returned"] = n["negatives_returned"]
    return result | {"counts": dict(n)}


def fmt(n: Counter) -> str:
    cells = [f"{n[a]:>3}/{n[b]:<3} {n[a] / n[b]:>4.0%}" if n[b] else f"{'-':>12}" for a, b in METRICS.values()]
    return "  ".join(cells) + f"  {n['negatives_returned']:>3}/{n['not_quotes']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss, false positive and wrong speaker")
    args = parser.parse_args()
    articles, problems = load()
    if problems:
        sys.exit("corpus does not validate:\n" + "\n".join(problems))
    errors, per_article, total = [], {}, Counter()
    print(f"{'article':34} {'precision d+p':>12}  {'recall direct':>12}  {'speaker acc':>12}  {'recall ind':>12}  neg")
    for article in articles:
        n = score(article, errors)
        total.update(n)
        per_article[article["name"]] = summary(n)
        print(f"{article['name']:34} {fmt(n)}")
    print(f"{'OVERALL':34} {fmt(total)}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    results = {"overall": summary(total), "articles": per_article}
    (out / "extract_accuracy.json").write_text(json.dumps(results, indent=2) + "\n")
    if args.errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
