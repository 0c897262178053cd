"""Load and validate the quote-attribution corpus: `.venv/bin/python bench/extraction_corpus/validate.py`.

Checks that every `NN-slug.txt` has a gold `NN-slug.json`, that articles are 250-600 words, that every gold text
and every `not_quotes` string occurs verbatim (quoted ones right after an opening quotation mark), and that every
quotation-marked segment of the article is covered by a gold direct/partial quote or a `not_quotes` entry.
`load()` also gives each gold entry its span (start, end) for the accuracy benchmark.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
KINDS = {"direct", "partial", "indirect"}
SPEAKER_KINDS = {"person", "organization", "outlet", "anonymous"}
OPENERS = '“"'


def occurrences(text: str, needle: str, quoted: bool) -> list[int]:
    """Start offsets of `needle`; with `quoted`, only those right after an opening quotation mark."""
    found = [m.start() for m in re.finditer(re.escape(needle), text)]
    return [i for i in found if i > 0 and text[i - 1] in OPENERS] if quoted else found


def locate(text: str, entries: list[dict], quoted) -> list[str]:
    """Set entry["start"]/["end"]; the k-th entry with a given text takes its k-th occurrence. Returns errors."""
    errors, seen = [], Counter()
    for entry in entries:
        needle = entry["text"]
        hits = occurrences(text, needle, quoted(entry))
        if seen[needle] >= len(hits):
            errors.append(f"not found{' after a quotation mark' if quoted(entry) else ''}: {needle!r}")
            continue
        entry["start"] = hits[seen[needle]]
        entry["end"] = entry["start"] + len(needle)
        seen[needle] += 1
    return errors


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, per paragraph (an unclosed curly quote runs to the paragraph's end)."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        body, base = para.group(), para.start()
        for m in re.finditer(r"“([^”]*)(?:”|$)|\"([^\"]*)(?:\"|$)", body):
            group = 1 if m.group(1) is not None else 2
            spans.append((base + m.start(group), base + m.end(group)))
    return spans


def check(name: str, text: str, gold: dict) -> list[str]:
    errors = []
    words = len(text.split())
    if not 250 <= words <= 600:
        errors.append(f"{words} words (want 250-600)")
    for q in gold["quotes"]:
        if q["kind"] not in KINDS or q["speaker_kind"] not in SPEAKER_KINDS or not q["speaker"]:
            errors.append(f"bad kind/speaker: {q}")
        if q["text"] != q["text"].strip() or q["text"].endswith(","):
            errors.append(f"untrimmed text: {q['text']!r}")
    errors += locate(text, gold["quotes"], lambda q: q["kind"] != "indirect")
    negatives = [{"text": s} for s in gold["not_quotes"]]
    errors += locate(text, negatives, lambda _: True)
    covered = [q for q in gold["quotes"] if q["kind"] != "indirect" and "start" in q] + negatives
    for start, end in quoted_segments(text):
        if not any("start" in c and c["start"] < end and start < c["end"] for c in covered):
            errors.append(f"quoted segment not annotated: {text[start:end]!r}")
    return [f"{name}: {e}" for e in errors]


def load() -> tuple[list[dict], list[str]]:
    """Articles as dicts {name, text, quotes, not_quotes (with spans)}, plus validation errors."""
    articles, errors = [], []
    for path in sorted(CORPUS.glob("*.txt")):
        gold_path = path.with_suffix(".json")
        if not re.fullmatch(r"\d\d-[a-z0-9-]+", path.stem) or not gold_path.exists():
            errors.append(f"{path.name}: bad name or missing gold file")
            continue
        text = path.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        errors += check(path.stem, text, gold)
        not_quotes = [{"text": s} for s in gold["not_quotes"]]
        locate(text, not_quotes, lambda _: True)
        articles.append({"name": path.stem, "text": text, "quotes": gold["quotes"], "not_quotes": not_quotes})
    return articles, errors


def main() -> None:
    articles, errors = load()
    for error in errors:
        print(error)
    quotes = Counter(q["kind"] for a in articles for q in a["quotes"])
    negatives = sum(len(a["not_quotes"]) for a in articles)
    print(f"{len(articles)} articles, {dict(quotes)}, {negatives} not_quotes: {len(errors)} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
