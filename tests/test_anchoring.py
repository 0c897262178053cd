"""Quotes re-anchored when their source's text changes; changed numbers called out."""

import pytest

from claims.anchoring import changed_numbers, reanchor
from claims.models import Quote
from claims.services import source_update_body
from tests.factories import ClaimFactory, QuoteFactory, SourceFactory

BODY = "The mayor said “we counted almost 700 ballots” on Monday. Officials said that over 300 were late."
EXACT = "we counted almost 700 ballots"


def anchor(body):
    start = BODY.index(EXACT)
    return reanchor(body, exact=EXACT, prefix=BODY[start - 32 : start], suffix=BODY[start + len(EXACT) :][:32],
                    start=start)  # fmt: skip


def test_unchanged_position_is_exact():
    assert anchor(BODY.replace("Monday", "Tuesday")).status == "exact"


def test_shifted_text_is_moved():
    body = "UPDATED: " + BODY
    result = anchor(body)
    assert result.status == "moved" and body[result.start : result.end] == EXACT


def test_repeated_words_pick_the_occurrence_with_the_same_context():
    body = f"Earlier, {EXACT} was said elsewhere. " + BODY
    result = anchor(body)
    assert result.status == "moved" and body[result.start - 1] == "“"


def test_edited_words_are_changed():
    body = BODY.replace("almost 700", "almost 800")
    result = anchor(body)
    assert result.status == "changed" and body[result.start : result.end] == "we counted almost 800 ballots"


def test_removed_words_are_orphaned():
    assert anchor("A completely different story about the weather today.").status == "orphaned"


def test_changed_numbers_are_named():
    assert changed_numbers("almost 700 ballots", "almost 800 ballots") == [("700", "800")]
    assert changed_numbers("2 of 3", "2 of 3") == []


@pytest.mark.django_db
def test_body_edit_reanchors_quotes_and_flags_claims():
    source = SourceFactory(body=BODY)
    quote = QuoteFactory(source=source)
    start = BODY.index("over 300")
    indirect = QuoteFactory(source=source, kind="indirect", text="over 300 were late", start=start,
                            end=start + len("over 300 were late"))  # fmt: skip
    claim = ClaimFactory()
    claim.appearances.add(quote)

    report = source_update_body(source=source, body="Update: " + BODY.replace("almost 700", "almost 800"))

    quote.refresh_from_db()
    indirect.refresh_from_db()
    claim.refresh_from_db()
    assert quote.anchor_status == "changed" and quote.text == "we counted almost 800 ballots"
    assert indirect.anchor_status == "moved"
    assert "700 → 800" in claim.needs_attention
    assert report.statuses == {"changed": 1, "moved": 1} and report.flagged_claims == 1
    assert quote.history.first().history_change_reason == "re-anchored: changed"


@pytest.mark.django_db
def test_quote_whose_words_are_gone_is_orphaned_but_kept():
    source = SourceFactory(body=BODY)
    quote = QuoteFactory(source=source)
    ClaimFactory().appearances.add(quote)
    source_update_body(source=source, body="Nothing of the old story remains here at all.")
    quote.refresh_from_db()
    assert quote.anchor_status == "orphaned" and quote.text == EXACT
    assert Quote.objects.get(pk=quote.pk).claims.get().needs_attention.startswith("A quote it rests on is orphaned")


@pytest.mark.django_db
def test_api_body_edit_reanchors(editor_client):
    source = SourceFactory(body=BODY)
    quote = QuoteFactory(source=source)
    tag = editor_client.get(f"/api/sources/{source.slug}/")["ETag"]
    response = editor_client.patch(f"/api/sources/{source.slug}/", {"body": "New lead. " + BODY}, format="json",
                                   HTTP_IF_MATCH=tag)  # fmt: skip
    assert response.status_code == 200, response.content
    quote.refresh_from_db()
    assert quote.anchor_status == "moved" and quote.start == BODY.index(EXACT) + len("New lead. ")
