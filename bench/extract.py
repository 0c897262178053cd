"""Extraction speed: documents per second, and 1 MB inputs (ordinary and adversarial).

The baseline, measured in the same run, is one pass of a plain quotation-mark regex over the
same text: the least any extractor must do. Run: `.venv/bin/python bench/extract.py`.
"""

import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402
from claims.extraction.entities import parse_mention  # noqa: E402

SEED = (ROOT / "seeds" / "articles" / "ice-workplace-raids-2019.txt").read_text(encoding="utf-8")
NAIVE = re.compile(r"“[^”]*”|\"[^\"]*\"")
MB = 1_000_000


def timed(function, text: str, repeat: int) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def naive(text: str):
    return NAIVE.findall(text)


def megabyte(unit: str) -> str:
    return (unit * (MB // len(unit) + 1))[:MB]


INPUTS = {
    "news (seed article repeated)": megabyte(SEED + "\n\n"),
    "unclosed quotes": megabyte("“He said "),
    "straight quotes and commas": megabyte('" ,'),
    "run of delimiters": megabyte(".,;:!?—"),
    "cue words only": megabyte("said told added according to "),
    "capitalised names": megabyte("President Donald Trump Mike Hurst "),
    "digits and hedges": megabyte("almost 700 over 300 at least two "),
    "one paragraph, no spaces": "x" * MB,
}


def extract_cold(text: str):
    """extract() with its memo of speaker phrases emptied first: a document whose names were never seen."""
    parse_mention.cache_clear()
    return extract(text)


def main() -> None:
    doc_seconds = timed(extract_cold, SEED, 50)
    doc_naive = timed(naive, SEED, 50)
    results = {"seed_document": {"chars": len(SEED), "seconds": doc_seconds, "docs_per_second": 1 / doc_seconds,
                                 "vs_regex_baseline": doc_seconds / doc_naive}}  # fmt: skip
    print(f"seed article ({len(SEED)} chars): {1 / doc_seconds:,.0f} documents/s "
          f"({doc_seconds * 1000:.2f} ms; {doc_seconds / doc_naive:,.0f}x the plain regex pass)")  # fmt: skip
    print(f"\n{'1 MB input':34} {'seconds':>8} {'regex':>8} {'ratio':>7}  half-size ratio")
    for name, text in INPUTS.items():
        full = timed(extract, text, 3)
        half = timed(extract, text[: MB // 2], 3)
        base = timed(naive, text, 3)
        results[name] = {"seconds": full, "regex_seconds": base, "half_size_seconds": half}
        print(f"{name:34} {full:8.3f} {base:8.3f} {full / base:7.0f}  {full / half:.2f} (2.0 = linear)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "extract.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
