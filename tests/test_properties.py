"""Property tests: the parsers never raise on any text, and what they return is well formed."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.hedges import QUALIFIERS, bounds_for
from claims.ingest.claimreview import ClaimReviewError, documents_in

NEWSY = st.text(alphabet=st.sampled_from(list("“”\"',.:;!?— \n\t-0123456789%$abcdefghiASTHMW")) | st.characters(),
                max_size=400)  # fmt: skip
WORDS = st.lists(st.sampled_from(["said", "“", "”", "he", "Trump", "almost", "700", "over", "at least", "two",
                                  "According to", "CNN", ",", ".", "\n\n", "the official", "millions of", "Sen.",
                                  "Jane Doe", "between", "and", "percent", "2019", "told reporters", ":"]),
                 max_size=60).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(NEWSY, WORDS))
def test_extraction_never_raises_and_offsets_stay_inside(text):
    result = extract(text)
    for quote in result.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        if quote.kind in ("direct", "partial"):
            assert text[quote.start : quote.end] == quote.text
    for quantity in result.quantities:
        assert 0 <= quantity.start < quantity.end <= len(text)
        if quantity.lower is not None and quantity.upper is not None:
            assert quantity.lower <= quantity.upper


@given(st.sampled_from(QUALIFIERS), st.decimals(min_value=-(10**9), max_value=10**9, places=4))
def test_intervals_are_always_ordered(qualifier, value):
    try:
        bounds = bounds_for(qualifier, value, value + 1 if qualifier == "between" else None)
    except ValueError:
        return  # refused, with a reason
    if bounds.lower is not None and bounds.upper is not None:
        assert bounds.lower <= bounds.upper


KEYS = st.sampled_from(["@type", "@graph", "url", "mainEntity", "x"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), JSON_VALUES.map(json.dumps)))
def test_claimreview_reader_raises_only_its_own_error(text):
    try:
        documents_in(text)
    except ClaimReviewError:
        pass


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=1,
                         max_size=16).map("\t".join), min_size=1, max_size=5))  # fmt: skip
def test_liar_import_refuses_garbage_cleanly(seeded, tmp_path_factory, rows):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path_factory.mktemp("liar") / "rows.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    try:
        call_command("import_liar", str(path), stdout=__import__("io").StringIO())
    except CommandError as error:  # the only way it may fail: a clear refusal, nothing written
        assert str(error).startswith("Nothing was imported")


@settings(max_examples=300, deadline=None)
@given(st.one_of(NEWSY, WORDS), st.data())
def test_a_quote_shown_in_context_is_cut_at_word_boundaries_within_its_paragraph(text, data):
    from claims.extraction.text import context_around

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    width = data.draw(st.integers(1, 120))
    before, after = context_around(text, start, end, width)
    shown_before, shown_after = before.removeprefix("…"), after.removesuffix("…")
    assert text[:start].endswith(shown_before) and text[end:].startswith(shown_after)
    assert "\n" not in shown_before + shown_after
    begins, stops = start - len(shown_before), end + len(shown_after)
    paragraph_start = text.rfind("\n", 0, start) + 1
    if before.startswith("…"):  # cut at a space, never inside a word
        assert begins == start or text[begins - 1].isspace()
    else:  # the paragraph from its start (bar leading spaces)
        assert not text[paragraph_start:begins].strip()
    if after.endswith("…"):
        assert stops == end or text[stops].isspace()
    else:
        assert not text[stops:].split("\n", 1)[0].strip()
