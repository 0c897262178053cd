import hashlib
import json
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.ingest.seeding import _Loader, load_seeds
from claims.models import Claim, Measure, Quantity, Quote, Source, Speaker

pytestmark = pytest.mark.django_db


def database_fingerprint(*, exclude=()) -> str:
    """A checksum of every row of every project table (history and seed records included)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_app_config("claims").get_models():
            if model._meta.model_name in exclude:
                continue
            table = model._meta.db_table
            cursor.execute(f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t")
            digest.update(f"{table}:{cursor.fetchone()[0]}".encode())
    return digest.hexdigest()


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeds_copy(tmp_path, settings):
    target = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, target)
    return target


def test_first_load_creates_the_seed_article_and_its_annotation():
    report = load_seeds()
    assert report.created > 0 and report.updated == 0
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    assert source.title.startswith("White House Instructs ICE")
    assert {"donald-trump", "mike-hurst", "senior-immigration-official", "ice-spokesperson", "cnn"} <= set(
        Speaker.objects.values_list("slug", flat=True)
    )
    assert Speaker.objects.get(slug="senior-immigration-official").kind == Speaker.Kind.ANONYMOUS
    assert Speaker.objects.get(slug="ice-spokesperson").organization.slug == "us-immigration-and-customs-enforcement"
    assert Speaker.objects.get(slug="cnn").kind == Speaker.Kind.OUTLET


def test_seed_body_is_clean_of_page_furniture():
    load_seeds()
    body = Source.objects.get(slug="ice-workplace-raids-2019").body
    assert "Leave a Reply" not in body and "Be the first to comment" not in body
    assert body.rstrip().endswith("found their way into the United States.”")


def test_every_direct_quote_of_the_seed_is_verbatim_and_attributed():
    load_seeds()
    body = Source.objects.get(slug="ice-workplace-raids-2019").body
    direct = Quote.objects.filter(kind__in=["direct", "partial"]).select_related("speaker")
    marked = body.count("“")
    assert direct.count() == marked == 6
    for quote in direct:
        assert body[quote.start : quote.end] == quote.text
        assert body[quote.start - 1] == "“" and quote.speaker is not None


def test_seed_numbers_carry_their_hedges():
    load_seeds()
    by_surface = {q.surface.lower(): q for q in Quantity.objects.all()}
    assert set(by_surface) == {"almost 700", "at least two", "over 300", "millions"}
    assert by_surface["almost 700"].qualifier == "almost"
    assert by_surface["over 300"].interval.lower == 300 and not by_surface["over 300"].interval.lower_inc
    assert by_surface["millions"].interval.lower == 2_000_000


def test_second_seed_load_creates_nothing_and_says_so():
    run()
    before = database_fingerprint()
    output = run()
    assert "already up to date" in output and "0 created, 0 updated" in output
    assert database_fingerprint() == before


def test_dry_run_writes_nothing():
    before = database_fingerprint()
    output = run("--dry-run")
    assert "rolled back" in output
    assert database_fingerprint() == before
    assert not Source.objects.exists()


def test_editor_change_survives_a_reload():
    load_seeds()
    claim = Claim.objects.get(text__startswith="Almost 700")
    claim.text = "Almost 700 people were detained in the 7 August 2019 Mississippi raids."
    claim.save()
    speaker = Speaker.objects.get(slug="mike-hurst")
    speaker.aliases = ["Hurst", "Michael Hurst"]
    speaker.save()

    report = load_seeds()

    claim.refresh_from_db()
    speaker.refresh_from_db()
    assert claim.text == "Almost 700 people were detained in the 7 August 2019 Mississippi raids."
    assert speaker.aliases == ["Hurst", "Michael Hurst"]
    assert len(report.kept) == 2 and report.updated == 0


def test_seed_update_reaches_fields_no_editor_touched(seeds_copy):
    load_seeds(seeds_copy)
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    hurst = next(r for r in records if r["fields"].get("slug") == "mike-hurst")
    hurst["fields"]["description"] = "Former U.S. Attorney for the Southern District of Mississippi."
    path.write_text(json.dumps(records, ensure_ascii=False))

    report = load_seeds(seeds_copy)

    assert report.updated == 1 and report.created == 0
    assert Speaker.objects.get(slug="mike-hurst").description.startswith("Former U.S. Attorney")


@pytest.mark.parametrize("position", ["start", "middle", "end"])
def test_malformed_record_stops_the_load_and_changes_nothing(seeds_copy, position):
    load_seeds(seeds_copy)
    Speaker.objects.filter(slug="mike-hurst").update(description="Edited before the bad load.")
    before = database_fingerprint()
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    bad = {"model": "claims.speaker", "fields": {"slug": "bad speaker!", "name": "Bad", "kind": "alien"}}
    index = {"start": 0, "middle": len(records) // 2, "end": len(records)}[position]
    records.insert(index, bad)
    path.write_text(json.dumps(records, ensure_ascii=False))

    with pytest.raises(CommandError) as error:
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))

    message = str(error.value)
    assert "ice-workplace-raids-2019.json" in message and f"record {index + 1} (claims.speaker)" in message
    assert "\n" not in message
    assert database_fingerprint() == before


def test_invalid_json_names_the_file_and_line(seeds_copy):
    (seeds_copy / "fixtures" / "rating-scales.json").write_text('[{"model": "claims.ratingscale",\n "fields": }]')
    with pytest.raises(CommandError, match=r"rating-scales.json: invalid JSON at line 2"):
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))
    assert not Source.objects.exists()


def test_quote_off_its_anchor_is_refused_with_its_record(seeds_copy):
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    number, quote = next(
        (n, r) for n, r in enumerate(records, 1) if r["model"] == "claims.quote" and r["fields"]["kind"] == "direct"
    )
    quote["fields"]["start"] += 1
    path.write_text(json.dumps(records, ensure_ascii=False))
    with pytest.raises(CommandError, match=rf"record {number} \(claims.quote\): text: A direct quote must equal"):
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))
    assert not Quote.objects.exists()


def test_reference_to_a_missing_record_is_named(seeds_copy):
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    claim = next(r for r in records if r["model"] == "claims.claim")
    claim["fields"]["claimant"] = ["nobody-at-all"]
    path.write_text(json.dumps(records, ensure_ascii=False))
    with pytest.raises(CommandError, match=r"record \d+ \(claims.claim\)"):
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))
    assert not Claim.objects.exists()


def test_seed_load_is_recorded_in_the_history():
    load_seeds()
    claim = Claim.objects.get(text__startswith="Almost 700")
    assert {h.history_change_reason for h in claim.history.all()} == {"load_seeds"}


def test_groups_come_from_the_seeds_with_their_permissions():
    load_seeds()
    from django.contrib.auth.models import Group

    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    reviewer = set(Group.objects.get(name="reviewer").permissions.values_list("codename", flat=True))
    assert {"add_quote", "change_claim", "add_quantity"} <= editor
    assert "add_review" not in editor and {"add_review", "change_review"} <= reviewer
    assert editor < reviewer


def test_a_seeded_record_an_editor_deleted_stays_deleted(seeds_copy):
    load_seeds(seeds_copy)
    quote = Quote.objects.get(cue="called")
    claim = quote.claims.get()
    claim.appearances.remove(quote)
    quote.delete()

    report = load_seeds(seeds_copy)

    assert not Quote.objects.filter(cue="called").exists()
    assert any("deleted by an editor" in kept for kept in report.kept)
    assert report.created == 0 and not claim.appearances.exists()


def test_records_that_need_a_deleted_record_are_skipped(seeds_copy):
    load_seeds(seeds_copy)
    measure = Measure.objects.get(slug="us-undocumented-immigrant-population")
    Quantity.objects.filter(measure=measure).delete()
    measure.delete()

    report = load_seeds(seeds_copy)

    assert not Measure.objects.filter(slug="us-undocumented-immigrant-population").exists()
    assert not Quantity.objects.filter(surface="millions").exists()
    assert report.created == 0


def test_a_seeded_record_an_editor_renamed_keeps_its_new_name(seeds_copy):
    load_seeds(seeds_copy)
    Measure.objects.filter(slug="us-undocumented-immigrant-population").update(slug="renamed-measure")

    report = load_seeds(seeds_copy)

    assert report.created == 0
    assert Measure.objects.filter(slug="renamed-measure").exists()
    assert not Measure.objects.filter(slug="us-undocumented-immigrant-population").exists()
    assert Quantity.objects.get(surface="millions").measure.slug == "renamed-measure"


def test_a_seed_update_may_move_the_body_and_its_quotes_together(seeds_copy):
    load_seeds(seeds_copy)
    body_path = seeds_copy / "articles" / "ice-workplace-raids-2019.txt"
    body_path.write_text("WASHINGTON — " + body_path.read_text())
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    for record in records:
        if record["model"] == "claims.quote":
            record["fields"]["start"] += 13
            record["fields"]["end"] += 13
    path.write_text(json.dumps(records, ensure_ascii=False))

    load_seeds(seeds_copy)

    source = Source.objects.get(slug="ice-workplace-raids-2019")
    assert source.body.startswith("WASHINGTON — ")
    for quote in source.quotes.filter(kind__in=["direct", "partial"]):
        assert source.body[quote.start : quote.end] == quote.text


def test_a_body_update_without_its_quotes_is_refused_whole(seeds_copy):
    load_seeds(seeds_copy)
    before = database_fingerprint()
    body_path = seeds_copy / "articles" / "ice-workplace-raids-2019.txt"
    body_path.write_text("WASHINGTON — " + body_path.read_text())
    with pytest.raises(CommandError, match="after loading every file: .*quote"):
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))
    assert database_fingerprint() == before


def test_an_out_of_range_number_is_a_one_line_error(seeds_copy):
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    number = next(n for n, r in enumerate(records, 1) if r["model"] == "claims.quantity")
    records[number - 1]["fields"]["value"] = "1e30"
    path.write_text(json.dumps(records, ensure_ascii=False))
    with pytest.raises(CommandError, match=rf"record {number} \(claims.quantity\)") as error:
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))
    assert "\n" not in str(error.value)
    assert not Source.objects.exists()


def test_dumped_seeds_load_back_unchanged(tmp_path):
    load_seeds()
    run_dump = __import__("io").StringIO()
    call_command("dumpseeds", str(tmp_path / "dump"), stdout=run_dump)
    assert "3-curated.json: " in run_dump.getvalue()
    before = database_fingerprint(exclude={"seedrecord"})  # its bookkeeping learns the dump's extra fields
    assert load_seeds(tmp_path / "dump").changed_nothing
    assert database_fingerprint(exclude={"seedrecord"}) == before


@pytest.mark.django_db(transaction=True)
def test_dumped_seeds_rebuild_an_empty_database(tmp_path):
    load_seeds()
    Quote.objects.filter(cue="called").update(review_status="suggested")  # not curated: left out
    call_command("dumpseeds", str(tmp_path / "dump"), stdout=__import__("io").StringIO())
    expected = sorted(Quote.objects.confirmed().values_list("uid", "start", "end", "speaker__slug"))
    call_command("flush", "--no-input", verbosity=0)

    load_seeds(tmp_path / "dump")

    assert sorted(Quote.objects.values_list("uid", "start", "end", "speaker__slug")) == expected
    assert Claim.objects.get(text__startswith="Almost 700").quantities.get().surface == "almost 700"
    assert Source.objects.get(slug="ice-workplace-raids-2019").body.startswith("The White House has told")


def test_dumpseeds_refuses_a_folder_with_fixtures(tmp_path):
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "x.json").write_text("[]")
    with pytest.raises(CommandError, match="not empty"):
        call_command("dumpseeds", str(tmp_path))


def table_rows(*, skip=("history_date", "created_at", "updated_at", "loaded_at")) -> dict[str, list[str]]:
    """Every row of every project table (history and seed records included), but the times of writing."""
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_app_config("claims").get_models():
            columns = ", ".join(f'"{f.column}"' for f in model._meta.concrete_fields if f.column not in skip)
            cursor.execute(f'SELECT {columns} FROM "{model._meta.db_table}"')
            rows[model._meta.db_table] = sorted(map(repr, cursor.fetchall()))
    return rows


def empty_tables_from_id_1():
    tables = ", ".join(f'"{m._meta.db_table}"' for m in apps.get_app_config("claims").get_models())
    with connection.cursor() as cursor:
        cursor.execute(f'TRUNCATE {tables}, "auth_group" RESTART IDENTITY CASCADE')


def test_records_written_with_copy_equal_saved_ones(monkeypatch):
    empty_tables_from_id_1()
    monkeypatch.setattr(_Loader, "write_with_copy", False)
    with CaptureQueriesContext(connection) as saving:
        load_seeds()
    saved = table_rows()
    empty_tables_from_id_1()
    monkeypatch.setattr(_Loader, "write_with_copy", True)
    with CaptureQueriesContext(connection) as copying:
        load_seeds()

    copied = table_rows()
    # Bookkeeping ids follow the order of writing: set() adds a claim's quotes in a Python set's
    # order, and a SeedRecord is written with its record or, for records that wait, with theirs.
    for rows in (copied, saved):
        for table in ("claims_appearance", "claims_seedrecord"):
            rows[table] = sorted(row.split(", ", 1)[1] for row in rows[table])
    assert copied == saved
    assert sum(len(rows) for rows in saved.values()) > 100
    statements = [query["sql"] for query in copying.captured_queries]
    assert sum(sql.startswith('COPY "claims_quote"') for sql in statements) == 1
    assert not any(sql.startswith('INSERT INTO "claims_quote"') for sql in statements)
    assert len(statements) < len(saving.captured_queries) * 2 / 3


def test_a_new_record_the_database_refuses_is_named(seeds_copy):
    """Two sources may not share a URL: PostgreSQL refuses the second when the waiting records are written."""
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    for number, slug in ((3, "first"), (4, "second")):
        fields = {"slug": slug, "title": slug, "url": "https://news.example.org/one-story", "body": "Text."}
        records.insert(number - 1, {"model": "claims.source", "fields": fields})
    path.write_text(json.dumps(records, ensure_ascii=False))

    with pytest.raises(CommandError) as error:
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))

    message = str(error.value)
    assert "ice-workplace-raids-2019.json: record 4 (claims.source)" in message
    assert "source_url_unique_when_set" in message and "\n" not in message
    assert not Source.objects.exists()


def test_a_reload_reads_each_model_a_file_at_a_time(seeds_copy):
    load_seeds(seeds_copy)
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    quotes = sum(record["model"] == "claims.quote" for record in records)
    Quote.objects.filter(cue="called").update(context="An editor's note.")

    with CaptureQueriesContext(connection) as reload:
        report = load_seeds(seeds_copy)

    assert report.created == 0 and report.updated == 0 and report.unchanged > len(records)
    assert len(report.kept) == 1 and report.kept[0].startswith("claims.quote [") and report.kept[0].endswith(" context")
    statements = [query["sql"] for query in reload.captured_queries]
    assert quotes > 5 and sum('FROM "claims_quote"' in sql for sql in statements) <= 2  # their keys, their rows
    assert Quote.objects.get(cue="called").context == "An editor's note."


BAD_NEW_RECORDS = {
    "an outlet that is a person": (
        {
            "model": "claims.source",
            "fields": {"slug": "op-ed", "title": "Op-ed", "body": "Text.", "outlet": ["donald-trump"]},
        },  # fmt: skip
        "outlet: ",
    ),
    "no body": ({"model": "claims.source", "fields": {"slug": "empty", "title": "Empty", "body": None}}, "body: "),
    "a NUL in a key": ({"model": "claims.speaker", "fields": {"slug": "a\u0000b", "name": "A B"}}, "NUL"),
    "a lone surrogate in a key": (
        {"model": "claims.speaker", "fields": {"slug": "a\udc80b", "name": "A B"}},
        "can't encode",
    ),
    "a lone surrogate in a name": ({"model": "claims.speaker", "fields": {"slug": "ab", "name": "A \udc80"}}, "name: "),
    "a quote with no start": (
        {
            "model": "claims.quote",
            "fields": {
                "uid": "0b0e6a5e-35a4-4b8e-9d2b-7d3c1f7a1e01",
                "text": "Hello",
                "source": ["ice-workplace-raids-2019"],
                "end": 5,
            },
        },  # fmt: skip
        "start: This field cannot be null.",
    ),
}


@pytest.mark.parametrize("case", BAD_NEW_RECORDS)
def test_a_bad_new_record_is_named_and_changes_nothing(seeds_copy, case):
    record, expected = BAD_NEW_RECORDS[case]
    path = seeds_copy / "fixtures" / "ice-workplace-raids-2019.json"
    records = json.loads(path.read_text())
    records.insert(3, record)
    path.write_text(json.dumps(records, ensure_ascii=True))  # lone surrogates are written as escapes

    with pytest.raises(CommandError) as error:
        call_command("load_seeds", "--seeds-dir", str(seeds_copy))

    message = str(error.value)
    assert f"ice-workplace-raids-2019.json: record 4 ({record['model']})" in message, message
    assert expected in message and "\n" not in message
    assert not Source.objects.exists()
