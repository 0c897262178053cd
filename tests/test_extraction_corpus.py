"""Quote-attribution accuracy on the hand-annotated corpus in bench/extraction_corpus/.

The corpus was written before the extractor was tuned on it, then used to improve the rules, so
these floors guard against regressions; they are not a held-out measurement.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path[:0] = [str(BENCH), str(BENCH / "extraction_corpus")]

import extract_accuracy  # noqa: E402
from validate import load  # noqa: E402


@pytest.fixture(scope="module")
def overall():
    articles, problems = load()
    assert problems == []
    total = Counter()
    for article in articles:
        total.update(extract_accuracy.score(article, []))
    return extract_accuracy.summary(total)


def test_returned_quotes_are_attributed_speech(overall):
    assert overall["precision_direct_partial"] >= 0.95
    assert overall["negatives_returned"] == 0


def test_direct_quotes_are_found(overall):
    assert overall["recall_direct"] >= 0.95


def test_speakers_are_right(overall):
    assert overall["speaker_accuracy"] >= 0.90


def test_indirect_attributions_are_found(overall):
    assert overall["recall_indirect"] >= 0.60
