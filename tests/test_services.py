import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.ingest.seeding import load_seeds
from claims.models import Claim, Quote, Source, Speaker
from claims.services import source_extract_suggestions
from claims.suggestions import speakers_for_mentions
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

SEED_BODY = open("seeds/articles/ice-workplace-raids-2019.txt", encoding="utf-8").read()


@pytest.fixture
def article():
    return SourceFactory(slug="raids-copy", title="Raids, unannotated", body=SEED_BODY)


def test_suggestions_are_stored_as_suggested_rule_quotes(article):
    report = source_extract_suggestions(source=article)
    quotes = Quote.objects.filter(source=article)
    assert report.created == quotes.count() == 14
    assert set(quotes.values_list("review_status", flat=True)) == {"suggested"}
    assert set(quotes.values_list("extracted_by", flat=True)) == {"rule:1"}
    assert all(0 < q.confidence <= 1 for q in quotes)
    hurst = quotes.get(cue="called")
    assert (hurst.speaker.name, hurst.speaker.kind, hurst.kind) == ("Mike Hurst", "person", "partial")
    assert hurst.role == "U.S. Attorney for the Southern District of Mississippi"


def test_suggestions_are_written_with_their_history_and_anchor_context(article, editor, editor_client):
    """New suggestions are inserted a model at a time: each still has its history row (with the
    editor who asked and the extractor as the reason) and the context save() would have set."""
    assert editor_client.post(f"/api/sources/{article.slug}/extract/").status_code == 200
    for quote in Quote.objects.filter(source=article):
        assert (quote.prefix, quote.suffix) == (SEED_BODY[max(0, quote.start - 32) : quote.start],
                                                SEED_BODY[quote.end : quote.end + 32])  # fmt: skip
        [created] = quote.history.all()
        assert (created.history_type, created.history_change_reason) == ("+", "suggested by rule:1")
        assert created.history_user == editor
    claims = Claim.objects.filter(appearances__source=article).distinct()
    assert all(claim.history.get().history_user == editor for claim in claims)
    assert all(q.history.get().history_type == "+" for claim in claims for q in claim.quantities.all())


def test_storing_suggestions_takes_statements_per_speaker_not_per_quote(article):
    """Quotes, claims, appearances and quantities are each one insert (and one for their history)."""
    again = SourceFactory(slug="raids-again", body=SEED_BODY)
    twice_over = SourceFactory(slug="raids-twice", body=SEED_BODY + "\n\n" + SEED_BODY)
    source_extract_suggestions(source=article)  # the named speakers exist now
    with CaptureQueriesContext(connection) as once:
        single = source_extract_suggestions(source=again)
    with CaptureQueriesContext(connection) as twice:
        double = source_extract_suggestions(source=twice_over)
    assert double.created == 2 * single.created and double.claims == 2 * single.claims
    assert len(twice) == len(once)  # the same speakers (each document has its anonymous ones), twice the quotes


def test_mentions_resolve_to_speakers_as_one_at_a_time_would(article):
    SpeakerFactory(slug="jane-doe", name="A source", kind="anonymous")  # holds the slug a new Jane Doe would take
    SpeakerFactory(slug="zed-b", name="Zed B", aliases=["The Governor"])
    SpeakerFactory(slug="abe-a", name="Abe A", aliases=["The Governor"])  # first by name among the matches
    mentions = [("Jane Doe", "person", "Mayor"), ("jane doe", "person", "ignored: not the first mention"),
                ("The Governor", "person", ""), ("", None, ""), ("an aide", "anonymous", ""),
                ("An aide", "anonymous", ""), ("Zed B", "organization", "")]  # fmt: skip
    found = speakers_for_mentions(mentions, source=article)
    jane = found["Jane Doe", "person"]
    assert (jane.slug, jane.description) == ("jane-doe-2", "Mayor") and found["jane doe", "person"] == jane
    assert found["The Governor", "person"].slug == "abe-a" and found["Zed B", "organization"].slug == "zed-b"
    assert found["", None] is None
    assert found["an aide", "anonymous"] == found["An aide", "anonymous"]  # one slug in this document
    assert found["an aide", "anonymous"].slug == "raids-copy-an-aide"
    assert Speaker.objects.filter(slug__in=["jane-doe-2", "raids-copy-an-aide"]).count() == 2
    assert all(s.history.get().history_type == "+" for s in Speaker.objects.filter(slug="jane-doe-2"))
    assert speakers_for_mentions(mentions, source=article) == found  # and the second time, all are found


def test_mentions_take_known_speakers_first_then_ones_made_for_earlier_mentions(article):
    SpeakerFactory(slug="zed-x", name="Zed X", aliases=["JOHN SMITH"])
    mentions = [("an official", "anonymous", ""), ("Raids Copy An Official", "person", ""),
                ("John Smith", "person", ""), ("JOHN SMITH", "person", ""), ("john smith", "person", ""),
                ("Straße", "person", ""), ("STRASSE", "person", "")]  # fmt: skip
    found = speakers_for_mentions(mentions, source=article)
    assert found["an official", "anonymous"].slug == "raids-copy-an-official"  # new slugs do not collide
    assert found["Raids Copy An Official", "person"].slug == "raids-copy-an-official-2"
    assert found["John Smith", "person"].slug == "john-smith" == found["john smith", "person"].slug
    assert found["JOHN SMITH", "person"].slug == "zed-x"  # a known speaker's alias comes first
    # PostgreSQL's upper(), as name__iexact compares, keeps "ß": two speakers, as one at a time made.
    assert found["Straße", "person"] != found["STRASSE", "person"]


def test_anonymous_suggested_speakers_belong_to_their_document(article):
    source_extract_suggestions(source=article)
    official = Speaker.objects.get(slug="raids-copy-a-senior-immigration-official")
    assert official.kind == "anonymous" and official.name == "A senior immigration official"


def test_numbers_inside_suggested_quotes_become_draft_claims(article):
    report = source_extract_suggestions(source=article)
    claims = Claim.objects.filter(appearances__source=article).distinct()
    assert report.claims == claims.count() == 3
    assert set(claims.values_list("status", flat=True)) == {"draft"}
    surfaces = {q.surface for c in claims for q in c.quantities.all()}
    assert surfaces == {"almost 700", "at least two", "Over 300", "millions"}


def test_running_the_extractor_again_refreshes_instead_of_duplicating(article):
    first = source_extract_suggestions(source=article)
    second = source_extract_suggestions(source=article)
    assert (second.created, second.updated) == (0, first.created)
    assert Quote.objects.filter(source=article).count() == first.created
    assert Claim.objects.filter(appearances__source=article).distinct().count() == first.claims


def test_confirmed_and_edited_quotes_are_never_touched(article):
    source_extract_suggestions(source=article)
    confirmed = Quote.objects.get(source=article, cue="called")
    confirmed.review_status, confirmed.speaker = "confirmed", SpeakerFactory(name="Michael Hurst")
    confirmed.save()
    rejected = Quote.objects.get(source=article, cue="told reporters")
    rejected.review_status = "rejected"
    rejected.save()

    report = source_extract_suggestions(source=article)

    confirmed.refresh_from_db()
    rejected.refresh_from_db()
    assert confirmed.speaker.name == "Michael Hurst" and confirmed.review_status == "confirmed"
    assert rejected.review_status == "rejected"
    assert report.kept == 2


def test_known_speakers_are_reused_by_name_or_alias(article):
    SpeakerFactory(slug="donald-trump", name="Donald Trump", aliases=["Trump"])
    source_extract_suggestions(source=article)
    assert Speaker.objects.filter(name__icontains="Trump").count() == 1
    assert Quote.objects.filter(source=article, speaker__slug="donald-trump").count() == 7


def test_api_extract_stores_suggestions_for_editors_only(article, api_client, editor_client):
    url = f"/api/sources/{article.slug}/extract/"
    assert api_client.post(url).status_code in (401, 403)
    response = editor_client.post(url)
    assert response.status_code == 200
    assert response.json()["created"] == 14 and len(response.json()["quotes"]) == 14
    assert editor_client.post("/api/sources/no-such-source/extract/").status_code == 404


def test_admin_action_extracts_suggestions(article, admin_client):
    response = admin_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "extract_suggestions", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "14 quote suggestion(s) created" in response.content.decode()
    assert Quote.objects.filter(source=article, review_status="suggested").count() == 14


def test_load_seeds_suggests_for_documents_without_annotation(tmp_path, settings):
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    meta = json.loads((seeds / "articles" / "ice-workplace-raids-2019.json").read_text())
    meta["slug"] = "raids-unannotated"
    (seeds / "articles" / "raids-unannotated.json").write_text(json.dumps(meta))

    report = load_seeds(seeds)
    again = load_seeds(seeds)

    unannotated = Source.objects.get(slug="raids-unannotated")
    assert report.suggested == unannotated.quotes.count() == 14
    assert set(unannotated.quotes.values_list("review_status", flat=True)) == {"suggested"}
    assert not Source.objects.get(slug="ice-workplace-raids-2019").quotes.filter(review_status="suggested").exists()
    assert again.changed_nothing


def test_extract_command_prints_json(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("“We will win,” said Sen. Elizabeth Warren. Almost 700 people were detained.")
    out = StringIO()
    call_command("extract", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["quotes"][0]["speaker"] == "Elizabeth Warren"
    assert result["quantities"][0]["surface"] == "Almost 700"


def test_extract_command_names_an_unreadable_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="missing.txt"):
        call_command("extract", str(tmp_path / "missing.txt"))


def test_overlapping_suggestions_are_stored_once_with_the_quoted_words_first(article):
    """The extractor returns a partial quote and the reported speech around it; an editor reviews one."""
    source_extract_suggestions(source=article)
    spans = sorted(Quote.objects.filter(source=article).values_list("start", "end"))
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False))
    assert Quote.objects.get(source=article, text__startswith="very good deterrent").kind == "partial"
