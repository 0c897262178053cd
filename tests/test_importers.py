import contextlib
import json
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Rating, RatingScale, Review, Speaker
from tests.test_seeding import database_fingerprint

pytestmark = pytest.mark.django_db


def claimreview(n: int, **overrides) -> dict:
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example.org/review/{n}",
        "claimReviewed": f"Claim number {n} about the raids.",
        "datePublished": "2019-08-12",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Roe", "jobTitle": "Governor",
                       "sameAs": "https://www.wikidata.org/wiki/Q123"},
            "datePublished": "2019-08-09",
            "appearance": {"@type": "NewsArticle", "url": f"https://news.example.com/{n}"},
        },
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                         "alternateName": "Mostly false", "ratingExplanation": "The count was lower."},
    }  # fmt: skip
    document.update(overrides)
    return document


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("shape", ["object", "list", "lines", "html", "graph"])
def test_claimreview_import_reads_every_shape(tmp_path, shape):
    docs = [claimreview(1), claimreview(2)]
    text = {
        "object": json.dumps(docs[0]),
        "list": json.dumps(docs),
        "lines": "\n".join(json.dumps(d) for d in docs),
        "html": "<html><head>" + "".join(
            f'<script type="application/ld+json">{json.dumps(d)}</script>' for d in docs) + "</head></html>",
        "graph": json.dumps({"@context": "https://schema.org", "@graph": docs}),
    }[shape]  # fmt: skip
    path = tmp_path / "reviews.json"
    path.write_text(text)
    output = run("import_claimreview", str(path))
    expected = 1 if shape == "object" else 2
    assert f"{expected} read, {expected} created" in output
    review = Review.objects.get(url="https://checks.example.org/review/1")
    assert review.status == "published" and review.explanation == "The count was lower."
    assert (review.rating.label, review.rating.value, review.rating.scale.best_value) == ("Mostly false", 2, 5)
    assert review.publisher.name == "Example Checks"
    claim = review.claim
    assert claim.text == "Claim number 1 about the raids." and str(claim.stated_on) == "2019-08-09"
    assert claim.claimant.name == "Jane Roe" and claim.claimant.wikidata_id == "Q123"
    assert claim.appearance_urls == ["https://news.example.com/1"]


def test_claimreview_import_is_idempotent(tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(claimreview(n)) for n in range(3)))
    run("import_claimreview", str(path))
    before = database_fingerprint()
    assert "3 read, 0 created, 0 updated, 3 unchanged" in run("import_claimreview", str(path))
    assert database_fingerprint() == before


def test_claimreview_update_changes_the_same_review(tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claimreview(1)))
    run("import_claimreview", str(path))
    changed = claimreview(1, claimReviewed="A corrected wording.")
    path.write_text(json.dumps(changed))
    assert "1 updated" in run("import_claimreview", str(path))
    assert Review.objects.get().claim.text == "A corrected wording."


def test_label_only_ratings_get_a_label_scale(tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claimreview(1, reviewRating={"@type": "Rating", "alternateName": "Misleading"})))
    run("import_claimreview", str(path))
    rating = Review.objects.get().rating
    assert rating.value is None and rating.scale.best_value is None and rating.label == "Misleading"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"url": ""}, 'needs "url"'),
        ({"claimReviewed": ""}, "claimReviewed"),
        ({"reviewRating": {"ratingValue": 3}}, "alternateName"),
        ({"reviewRating": {"alternateName": "x", "ratingValue": 9, "bestRating": 5, "worstRating": 1}}, "outside"),
        ({"datePublished": "yesterday"}, "ISO 8601"),
    ],
)
def test_a_bad_claimreview_stops_the_import_and_changes_nothing(tmp_path, bad, message):
    path = tmp_path / "reviews.jsonl"
    path.write_text(
        "\n".join([json.dumps(claimreview(1)), json.dumps(claimreview(2, **bad)), json.dumps(claimreview(3))])
    )
    before = database_fingerprint()
    with pytest.raises(CommandError, match="line 2") as error:
        run("import_claimreview", str(path))
    assert message in str(error.value)
    assert database_fingerprint() == before and not Review.objects.exists()


def test_claimreview_file_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"@type": "ClaimReview", ')
    with pytest.raises(CommandError, match=r"broken.json: document: invalid JSON"):
        run("import_claimreview", str(path))


LIAR_ROWS = [
    "101.json\tfalse\tThe state spent $2 billion on the wall.\tbudget,immigration\tjane-roe\tGovernor\tTexas"
    "\trepublican\t1\t2\t0\t0\t0\ta press release",
    "102.json\tbarely-true\tCrime fell by half last year.\tcrime\tjohn-doe\tMayor\tOhio\tdemocrat\t0\t0\t1\t0\t0"
    "\ta town hall",
    "103.json\tpants-fire\tThe moon landing was staged.\t\t\t\t\t\t\t\t\t\t\t",
]


def write_liar(tmp_path, rows, name="train.tsv"):
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n")
    return path


def test_liar_import_creates_speakers_claims_and_reviews(seeded, tmp_path):
    output = run("import_liar", str(write_liar(tmp_path, LIAR_ROWS)))
    assert "3 read, 3 created, 0 updated, 0 unchanged" in output
    roe = Speaker.objects.get(slug="jane-roe")
    assert (roe.name, roe.job_title, roe.state, roe.party) == ("Jane Roe", "Governor", "Texas", "republican")
    claim = Claim.objects.get(text="The state spent $2 billion on the wall.")
    assert claim.topics == ["budget", "immigration"] and claim.context == "a press release"
    assert claim.status == "published" and claim.claimant == roe
    labels = {r.claim.text[:5]: r.rating.slug for r in Review.objects.filter(publisher__slug="politifact")}
    assert labels == {"The s": "false", "Crime": "mostly-false", "The m": "pants-on-fire"}
    assert Claim.objects.get(text__startswith="The moon").claimant is None


def test_liar_reimport_changes_nothing(seeded, tmp_path):
    path = write_liar(tmp_path, LIAR_ROWS)
    run("import_liar", str(path))
    before = database_fingerprint()
    assert "3 read, 0 created, 0 updated, 3 unchanged" in run("import_liar", str(path))
    assert database_fingerprint() == before


def test_liar_counts_match_several_files(seeded, tmp_path):
    first = write_liar(tmp_path, LIAR_ROWS[:2], "train.tsv")
    second = write_liar(tmp_path, LIAR_ROWS[2:], "test.tsv")
    assert "3 read, 3 created" in run("import_liar", str(first), str(second))
    assert Review.objects.filter(publisher__slug="politifact").count() == 3


@pytest.mark.parametrize(
    "bad",
    [
        "104.json\tmaybe\tA statement.\t\t\t\t\t\t\t\t\t\t\t",
        "105.json\ttrue\tToo few columns.",
        "\ttrue\tNo id.\t\t\t\t\t\t\t\t\t\t\t",
    ],
)
def test_invalid_liar_row_stops_the_import_with_its_line(seeded, tmp_path, bad):
    path = write_liar(tmp_path, [LIAR_ROWS[0], bad, LIAR_ROWS[1]])
    before = database_fingerprint()
    with pytest.raises(CommandError, match="train.tsv line 2"):
        run("import_liar", str(path))
    assert database_fingerprint() == before


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(seeded, tmp_path):
    path = write_liar(tmp_path, [LIAR_ROWS[0], "106.json\tmaybe\tBad label.\t\t\t\t\t\t\t\t\t\t\t", LIAR_ROWS[1]])
    err = StringIO()
    call_command("import_liar", str(path), "--skip-invalid", stdout=StringIO(), stderr=err)
    assert "train.tsv line 2: unknown label 'maybe'" in err.getvalue()
    assert (
        Claim.objects.filter(
            text__in=["The state spent $2 billion on the wall.", "Crime fell by half last year."]
        ).count()
        == 2
    )


def test_liar_import_needs_the_truth_scale(tmp_path):
    with pytest.raises(CommandError, match="load_seeds"):
        run("import_liar", str(write_liar(tmp_path, LIAR_ROWS)))
    assert not RatingScale.objects.exists() and not Rating.objects.exists()


def test_names_and_labels_in_any_script_stay_apart(tmp_path):
    russian = claimreview(
        1,
        author={"@type": "Organization", "name": "Проверка фактов"},
        reviewRating={"@type": "Rating", "alternateName": "Ложь"},
    )
    hindi = claimreview(2, author={"@type": "Organization", "name": "तथ्य जांच"},
                        reviewRating={"@type": "Rating", "alternateName": "झूठ"})  # fmt: skip
    hindi["itemReviewed"]["author"] = {"@type": "Person", "name": "राम शर्मा"}
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [russian, hindi]), encoding="utf-8")
    run("import_claimreview", str(path))
    labels = {r.url[-1]: (r.rating.label, r.publisher.name) for r in Review.objects.all()}
    assert labels == {"1": ("Ложь", "Проверка фактов"), "2": ("झूठ", "तथ्य जांच")}
    assert Claim.objects.get(reviews__url__endswith="/2").claimant.name == "राम शर्मा"
    before = database_fingerprint()
    assert "2 unchanged" in run("import_claimreview", str(path))
    assert database_fingerprint() == before


def test_labels_differing_in_case_and_repeated_urls_reimport_unchanged(tmp_path):
    shouted = {**claimreview(2)["reviewRating"], "alternateName": "MOSTLY FALSE"}
    docs = [claimreview(1), claimreview(2, reviewRating=shouted),
            claimreview(1, claimReviewed="The same review, later in the file.")]  # fmt: skip
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs))
    run("import_claimreview", str(path))
    assert Review.objects.get(url__endswith="/1").claim.text == "The same review, later in the file."
    before = database_fingerprint()
    assert "0 created, 0 updated, 3 unchanged" in run("import_claimreview", str(path))
    assert database_fingerprint() == before


@pytest.mark.parametrize(
    "variant",
    [
        {"author": [{"@type": "Organization", "name": "Example Checks"}]},
        {"reviewRating": {"@type": "Rating", "ratingValue": "2", "alternateName": "Mostly false"}},
        {"reviewRating": {"@type": "Rating", "ratingValue": 2.5, "bestRating": 5, "worstRating": 1,
                          "alternateName": "Half and half"}},
        {"@type": ["ClaimReview", "Review"]},
    ],
)  # fmt: skip
def test_valid_claimreview_variants_import(tmp_path, variant):
    path = tmp_path / "review.json"
    path.write_text("\ufeff" + json.dumps(claimreview(1, **variant)), encoding="utf-8")  # with a byte-order mark
    assert "1 created" in run("import_claimreview", str(path))


def test_equal_values_on_one_scale_are_allowed(tmp_path):
    low = {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    docs = [claimreview(1, reviewRating={**low, "alternateName": "False"}),
            claimreview(2, reviewRating={**low, "alternateName": "Pants on Fire"})]  # fmt: skip
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(docs))
    run("import_claimreview", str(path))
    assert sorted(Review.objects.values_list("rating__label", flat=True)) == ["False", "Pants on Fire"]


def test_reviews_in_html_without_quoted_types_and_nested_entities(tmp_path):
    page = (f"<script type=application/ld+json>{json.dumps(claimreview(1))}</script>"
            '<script type="application/ld+json">{"@type": "Organization", "name": "x"}</script>'
            f'<script type="application/ld+json">{json.dumps({"@type": "WebPage", "mainEntity": claimreview(2)})}'
            "</script>")  # fmt: skip
    path = tmp_path / "page.html"
    path.write_text(page)
    assert "2 read, 2 created" in run("import_claimreview", str(path))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"@type": "Organization"}]', "no ClaimReview found"),
        (json.dumps(claimreview(1, claimReviewed="bad\u0000text")), "NUL"),
        (json.dumps(claimreview(1, reviewRating={"alternateName": "x", "ratingValue": "1e400"})), "out of range"),
        ("[\n" + ",\n".join(json.dumps(claimreview(n)) for n in range(3)) + ",\n{broken}\n]", "line 5"),
    ],
)
def test_bad_claimreview_files_name_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run("import_claimreview", str(path))
    assert not Review.objects.exists()


def test_several_files_import_together_or_not_at_all(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(claimreview(1)))
    bad.write_text(json.dumps(claimreview(2, url="")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import_claimreview", str(good), str(bad))
    assert not Review.objects.exists()


def test_review_instant_is_exported_as_given(api_client, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claimreview(1, datePublished="2024-03-02T23:30:00-05:00")))
    run("import_claimreview", str(path))
    claim = Review.objects.get().claim
    exported = api_client.get(f"/api/claims/{claim.id}/claimreview/").json()["datePublished"]
    from django.utils.dateparse import parse_datetime

    assert parse_datetime(exported) == parse_datetime("2024-03-02T23:30:00-05:00")


def test_liar_keeps_long_statements_and_raw_slugs_find_their_speakers(seeded, tmp_path, api_client):
    long_statement = "Taxes " + "went up and down " * 60
    rows = [f"201.json\tbarely-true\t{long_statement}\ttaxes\tjosé-peralta\t\t\t\t\t\t\t\t\t",
            "202.json\tpants-fire\tA claim.\t\tBeto_O'Rourke\t\t\t\t\t\t\t\t\t"]  # fmt: skip
    run("import_liar", str(write_liar(tmp_path, rows)))
    assert Claim.objects.filter(text=long_statement.strip()).exists()
    found = api_client.get("/api/claims/", {"speaker": "josé-peralta"}).json()["results"]
    assert [c["text"] for c in found] == [long_statement.strip()]
    assert len(api_client.get("/api/claims/", {"speaker": "Beto_O'Rourke"}).json()["results"]) == 1
    assert len(api_client.get("/api/reviews/", {"rating": "barely-true"}).json()["results"]) == 1


def test_liar_row_with_a_nul_is_rejected_by_line(seeded, tmp_path):
    path = write_liar(tmp_path, [LIAR_ROWS[0], LIAR_ROWS[1].replace("Crime", "Cri\x00me")])
    with pytest.raises(CommandError, match="train.tsv line 2: a cell holds a NUL"):
        run("import_liar", str(path))


def liar_line(liar_id, statement, speaker="", job="", state="", label="false"):
    return "\t".join([f"{liar_id}.json", label, statement, "budget", speaker, job, state, "", "0", "0", "0", "0",
                      "0", "a debate"])  # fmt: skip


def test_liar_batches_count_repeats_and_fill_in_speakers_once(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr("claims.ingest.importing.IMPORT_BATCH", 2)
    rows = [
        liar_line(301, "Taxes doubled.", "jane-roe"),
        liar_line(302, "Jobs tripled.", "jane-roe", job="Governor"),  # same batch: created with it (one "+" row)
        liar_line(303, "Crime halved.", "jane-roe", state="Texas"),  # next batch: the stored speaker gets it
        liar_line(301, "Taxes doubled.", "jane-roe"),  # a repeat: unchanged
        liar_line(301, "Taxes tripled.", "jane-roe"),  # changed later in the file: updated
    ]
    output = run("import_liar", str(write_liar(tmp_path, rows)))
    assert "5 read, 3 created, 1 updated, 1 unchanged" in output
    roe = Speaker.objects.get(slug="jane-roe")
    assert (roe.job_title, roe.state) == ("Governor", "Texas")
    assert list(roe.history.values_list("history_type", "job_title", "state")) == [
        ("~", "Governor", "Texas"), ("+", "Governor", "")]  # fmt: skip
    taxes = Claim.objects.get(text="Taxes tripled.")
    assert taxes.version == 2 and [h.history_type for h in taxes.history.all()] == ["~", "+"]
    assert Review.objects.filter(publisher__slug="politifact").count() == 3
    assert Claim.history.filter(history_type="+", history_change_reason="import").count() == 3
    assert "2 read, 0 created, 0 updated, 2 unchanged" in run("import_liar", str(write_liar(tmp_path, rows[1:3], "b")))


def test_invalid_rows_in_a_later_batch_are_named_by_line(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr("claims.ingest.importing.IMPORT_BATCH", 2)
    rows = [liar_line(401, "One."), liar_line(402, "Two."), liar_line(403, "Three."), liar_line(404, "", "x")]
    path = write_liar(tmp_path, rows)
    with pytest.raises(CommandError, match="train.tsv line 4: the id and the statement are required"):
        run("import_liar", str(path))
    assert not Claim.objects.filter(text__in=["One.", "Two.", "Three."]).exists()  # nothing was kept
    err = StringIO()
    call_command("import_liar", str(path), "--skip-invalid", stdout=StringIO(), stderr=err)
    assert (
        "train.tsv line 4" in err.getvalue() and Claim.objects.filter(text__in=["One.", "Two.", "Three."]).count() == 3
    )


def test_claimreview_batches_share_speakers_and_ratings_and_fill_blanks_once(tmp_path, monkeypatch):
    monkeypatch.setattr("claims.ingest.importing.IMPORT_BATCH", 2)

    def by(author, n):
        document = claimreview(n)
        return {**document, "itemReviewed": {**document["itemReviewed"], "author": author}}

    documents = [claimreview(1), by({"name": "John Doe"}, 2), by({"name": "John Doe", "jobTitle": "Mayor"}, 3),
                 by("John Doe", 4), by({"name": "JOHN DOE", "jobTitle": "Senator"}, 5)]  # fmt: skip
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in documents))
    assert "5 read, 5 created, 0 updated, 0 unchanged" in run("import_claimreview", str(path))
    doe = Speaker.objects.get(slug="john-doe")
    assert (doe.name, doe.job_title, doe.version) == ("John Doe", "Mayor", 2)  # stored in batch 1, filled in 2
    assert Speaker.objects.filter(slug="example-checks", kind="organization").count() == 1
    assert Rating.objects.filter(label="Mostly false").count() == 1 and RatingScale.objects.count() == 1
    assert Review.objects.filter(publisher__slug="example-checks", rating__label="Mostly false").count() == 5
    assert Claim.history.filter(history_type="+", history_change_reason="import").count() == 5
    assert "5 read, 0 created, 0 updated, 5 unchanged" in run("import_claimreview", str(path))

    uid = Review.objects.get(url=documents[3]["url"]).claim.uid
    documents[3] = {**documents[3], "claimReviewed": "Claim number 4, reworded."}
    path.write_text("\n".join(json.dumps(d) for d in documents))
    assert "5 read, 0 created, 1 updated, 4 unchanged" in run("import_claimreview", str(path))
    claim = Review.objects.get(url=documents[3]["url"]).claim
    assert (claim.uid, claim.text, claim.version) == (uid, "Claim number 4, reworded.", 2)


def claimed_by(author, n):
    document = claimreview(n)
    return {**document, "itemReviewed": {**document["itemReviewed"], "author": author}}


def test_a_speaker_written_mid_batch_still_takes_a_later_job_title(tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text(json.dumps(claimed_by({"name": "Jane Roe"}, 1)))
    run("import_claimreview", str(path))
    documents = [claimed_by("John Doe", 2),  # a new speaker, with no job title
                 claimed_by({"name": "Jane Roe", "jobTitle": "Governor"}, 3),  # a stored one changes: John is written
                 claimed_by({"name": "John Doe", "jobTitle": "Mayor"}, 4)]  # fmt: skip
    path.write_text("\n".join(json.dumps(d) for d in documents))
    assert "3 read, 3 created" in run("import_claimreview", str(path))
    assert Speaker.objects.get(slug="john-doe").job_title == "Mayor"
    assert Speaker.objects.get(slug="jane-roe").job_title == "Governor"


def test_a_liar_speaker_column_without_a_name_leaves_the_claim_unattributed(seeded, tmp_path):
    assert "1 created" in run("import_liar", str(write_liar(tmp_path, [liar_line(1, "Taxes doubled.", "--")])))
    assert Claim.objects.get(text="Taxes doubled.").claimant is None


def test_a_nul_in_an_appearance_url_names_the_review(tmp_path):
    document = claimreview(1)
    document["itemReviewed"]["appearance"] = {"url": "https://news.example.com/\x00"}
    path = tmp_path / "review.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match='review.json: document: "appearance" holds a NUL character'):
        run("import_claimreview", str(path))
    assert not Review.objects.exists()


def test_a_verdict_the_publisher_changed_gets_a_public_correction(seeded, tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text(json.dumps(claimreview(1)))
    run("import_claimreview", str(path))
    changed = claimreview(1)
    changed["reviewRating"] = {**changed["reviewRating"], "ratingValue": 4, "alternateName": "Mostly true"}
    path.write_text(json.dumps(changed))
    assert "1 updated" in run("import_claimreview", str(path))
    review = Review.objects.get(url=changed["url"])
    [correction] = review.corrections.all()
    assert (correction.old_rating.label, correction.new_rating.label) == ("Mostly false", "Mostly true")
    assert "reviews.jsonl" in correction.note and correction.old_explanation == "The count was lower."

    liar = write_liar(tmp_path, [liar_line(501, "Taxes doubled.", label="false")])
    run("import_liar", str(liar))
    relabelled = write_liar(tmp_path, [liar_line(501, "Taxes doubled.", label="true"),
                                       liar_line(502, "Taxes halved.", label="false"),
                                       liar_line(502, "Taxes halved.", label="true")])  # fmt: skip
    assert "3 read, 1 created, 2 updated" in run("import_liar", str(relabelled))
    corrected = Review.objects.get(claim__text="Taxes doubled.").corrections.get()
    assert (corrected.old_rating.slug, corrected.new_rating.slug) == ("false", "true")
    assert not Review.objects.get(claim__text="Taxes halved.").corrections.exists()  # never seen as "false"


def test_liar_lines_that_are_not_utf8_are_named_and_a_bom_is_not_part_of_the_id(seeded, tmp_path):
    path = tmp_path / "train.tsv"
    lines = [liar_line(601, "One."), liar_line(602, "Caf\xe9 prices doubled."), liar_line(603, "Three.")]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("latin-1") + b"\n")
    with pytest.raises(CommandError, match=r"^Nothing was imported: 1 invalid row\(s\): train.tsv line 2: not UTF-8"):
        run("import_liar", str(path))
    err = StringIO()
    call_command("import_liar", str(path), "--skip-invalid", stdout=StringIO(), stderr=err)
    assert "train.tsv line 2: not UTF-8 text (byte 0xe9)" in err.getvalue()
    assert Review.objects.filter(explanation__contains="statement 601.json)").exists()
    path.write_text(liar_line(601, "One.") + "\n")  # the same row without the mark: the same record
    assert "1 read, 0 created, 0 updated, 1 unchanged" in run("import_liar", str(path))


def test_an_empty_liar_file_is_an_error(seeded, tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("\n\n")
    with pytest.raises(CommandError, match="empty.tsv: no LIAR rows found"):
        run("import_liar", str(path))


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_claimreview_feed_that_is_not_utf8_names_the_line(tmp_path, mark):
    lines = [json.dumps(claimreview(n), ensure_ascii=False) for n in range(3)]
    lines[1] = lines[1].replace("Claim number 1", "Afirmación número 1")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(mark + "\n".join(lines).encode("latin-1"))
    with pytest.raises(CommandError, match=r"feed.jsonl: line 2: not UTF-8 text \(byte 0xf3\)"):
        run("import_claimreview", str(path))


def test_a_broken_line_of_a_claimreview_feed_is_named_with_its_column(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(claimreview(1)) + "\n" + '{"url": "https://x.example/2", "claimReviewed": "A' + "\n")
    with pytest.raises(CommandError, match=r"feed.jsonl: line 2: invalid JSON at column \d+: Unterminated string"):
        run("import_claimreview", str(path))


def test_a_reimport_keeps_what_an_editor_changed_and_applies_the_rest(seeded, tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(claimreview(n)) for n in (1, 2)))
    run("import_claimreview", str(path))
    claim = Review.objects.get(url=claimreview(1)["url"]).claim
    claim.text = "Claim number 1 about the 2019 raids."  # an editor's wording
    claim._change_reason = "editor"
    claim.save()
    unchanged = run("import_claimreview", str(path))
    assert "0 updated, 2 unchanged; kept 1 editor change(s)" in unchanged
    assert f"kept editor change: {path}: line 1: claim {claim.pk} text" in unchanged

    changed = [claimreview(1, datePublished="2019-08-20"), claimreview(2, claimReviewed="Claim 2, reworded.")]
    changed[0]["itemReviewed"]["datePublished"] = "2019-08-10"
    path.write_text("\n".join(json.dumps(d) for d in changed))
    assert "2 updated" in run("import_claimreview", str(path))
    claim.refresh_from_db()
    assert claim.text == "Claim number 1 about the 2019 raids." and str(claim.stated_on) == "2019-08-10"
    assert Review.objects.get(url=changed[1]["url"]).claim.text == "Claim 2, reworded."


def test_a_liar_speaker_of_party_organization_is_an_organization(seeded, tmp_path):
    row = liar_line(701, "Crime doubled.", "viral-image").replace("\t\t0\t0", "\torganization\t0\t0", 1)
    run("import_liar", str(write_liar(tmp_path, [row, liar_line(702, "Taxes fell.", "jane-roe")])))
    assert Speaker.objects.get(slug="viral-image").kind == "organization"
    assert Speaker.objects.get(slug="jane-roe").kind == "person"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    year=st.sampled_from([1, 2, 999, 9001, 9998, 9999]),
    offset=st.sampled_from(["", "Z", "+14:00", "-12:00", "+00:00", "date"]),
    field=st.sampled_from(["review", "claim"]),
)
def test_dates_out_of_the_calendar_are_refused_by_record(tmp_path_factory, year, offset, field):
    """Years that time zones or a day's arithmetic push past 1..9999 never reach the database."""
    moment = f"{year:04d}-12-31" if offset == "date" else f"{year:04d}-12-31T23:30:00{offset}"
    if year == 1:
        moment = moment.replace("-12-31", "-01-01").replace("T23:30", "T00:30")
    bad = {"datePublished": moment} if field == "review" else {"itemReviewed": {"datePublished": moment}}
    path = tmp_path_factory.mktemp("dates") / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(claimreview(n, **(bad if n == 2 else {}))) for n in (1, 2, 3)))
    before = database_fingerprint()
    with pytest.raises(CommandError, match=r"reviews.jsonl: line 2: .*between the years 1000 and 9000"):
        run("import_claimreview", str(path))
    assert database_fingerprint() == before


def test_reviews_dated_from_year_1000_to_9000_import_and_read_back(api_client, tmp_path):
    path = tmp_path / "reviews.jsonl"
    dates = ["1000-01-01T00:00:00+14:00", "9000-12-31T23:59:59-12:00", "1999-12-31"]
    path.write_text("\n".join(json.dumps(claimreview(n, datePublished=d)) for n, d in enumerate(dates)))
    run("import_claimreview", str(path))
    for query in ["ordering=published_at", "ordering=-published_at", "published_after=0999-01-01T00:00:00Z"]:
        response = api_client.get(f"/api/reviews/?{query}")
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) == 3


HOSTILE_DOCUMENTS = {
    "a url that is a list of lists": json.dumps(claimreview(1, url=[["https://x.example/1"]])),
    "a url that is an object of lists": json.dumps(claimreview(1, url={"name": [[1]]})),
    "a lone surrogate in the claim": json.dumps(claimreview(1, claimReviewed="bad \ud800 text")),
    "a lone surrogate in a name": json.dumps(claimreview(1, author={"name": "Ex\udfffample"})),
    "a lone surrogate in a key": json.dumps({**claimreview(1), "\ud800": 1}),
    "100,000 nested lists": "[" * 100_000 + "]" * 100_000,
    "100,000 nested objects": '{"a": ' * 100_000 + "1" + "}" * 100_000,
    "pages nested in pages": '{"@type": "WebPage", "mainEntity": ' * 500 + json.dumps(claimreview(1)) + "}" * 500,
    "a feed line nested deep": json.dumps(claimreview(1)) + "\n" + "[" * 50_000 + "]" * 50_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_hostile_claimreview_documents_are_named_not_tracebacks(tmp_path, name):
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE_DOCUMENTS[name], encoding="utf-8", errors="surrogatepass")
    before = database_fingerprint()
    with pytest.raises(CommandError, match=r"hostile.json: ") as error:
        run("import_claimreview", str(path))
    assert "\n" not in str(error.value).strip() and "Traceback" not in str(error.value)
    assert database_fingerprint() == before


@settings(max_examples=15, deadline=None)
@given(
    tag=st.sampled_from(
        [
            '<script type="application/ld+json">',
            "<script type=application/ld+json ",
            "<script ",
            "<SCRIPT TYPE='application/ld+json'>{",
            "<script>",
            "</script",
        ]
    ),  # fmt: skip
    filler=st.sampled_from(["", "{", "x" * 30, "<"]),
)
def test_unclosed_script_tags_are_read_in_linear_time(tag, filler):
    """4,000 and 40,000 repeats of an unclosed tag: ten times the input takes at most about ten times as long."""
    from claims.ingest.claimreview import documents_in

    def seconds(repeats: int) -> float:
        text = "<html>" + (tag + filler) * repeats
        started = time.perf_counter()
        with contextlib.suppress(ValueError):
            documents_in(text)
        return time.perf_counter() - started

    small, large = seconds(4_000), seconds(40_000)
    assert large < 1.0 and large < 30 * max(small, 0.002), (small, large)
