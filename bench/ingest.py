"""Ingestion: the app's own load paths against COPY of exactly the rows they wrote, into the same tables.

Four paths, each run in a fresh copy of a migrated, empty database:
  load_seeds   claims.ingest.seeding.load_seeds on a generated seeds folder (articles, speakers, measures,
               quotes, claims, quantities: the bench generator's data written as seed files);
  import_liar  claims.ingest.liar_import.liar_import on a generated LIAR TSV (speakers, claims, reviews);
  import_claimreview  claims.ingest.claimreview_import.claimreview_import on a generated ClaimReview feed (JSON lines);
  extraction   claims.services.source_extract_suggestions on the extraction corpus documents
               (extract, then store suggested quotes, speakers, draft claims, quantities).
After a path has run, every row it added (any table, history and bookkeeping included) is read
back with COPY TO; the database is rebuilt the same way and those rows are written with one
binary COPY per table in one transaction. The ratio is COPY's time over the path's time for the
same rows. Rounds alternate the two, and the median is reported.

Run by run.py with DATABASE_URL pointing at the scratch database (its name must end in "_ingest").
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from db import BENCH, ROOT, Server
from generate import COLUMNS, TOPICS, Generator

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.extraction import extract  # noqa: E402
from claims.ingest.claimreview_import import claimreview_import  # noqa: E402
from claims.ingest.liar_import import liar_import  # noqa: E402
from claims.ingest.seeding import load_seeds  # noqa: E402
from claims.models import Source  # noqa: E402
from claims.services import source_extract_suggestions  # noqa: E402

CORPUS = sorted((BENCH / "extraction_corpus").glob("*.txt"))


def jsonable(value):
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None if value is None else value if isinstance(value, bool | int | float) else str(value)


def write_seeds(folder: Path, n_claims: int) -> int:
    """The generator's data as a seeds folder (natural keys, no pks); returns the number of records."""
    keys = {}  # (table, id) -> natural key
    claims = {}  # id -> record, to add appearances to
    records, articles = [], 0
    (folder / "articles").mkdir(parents=True)
    (folder / "fixtures").mkdir()
    for tables in Generator(n_claims, seed=11).chunks():
        for table, rows in tables.items():
            for row in rows:
                r = dict(zip(COLUMNS[table], row, strict=True))
                if table == "claims_speaker":
                    keys[table, r["id"]] = r["slug"]
                    fields = ("slug", "name", "kind", "description", "aliases", "wikidata_id", "is_private",
                              "job_title", "state", "party")  # fmt: skip
                    records.append({"model": "claims.speaker", "fields": {f: jsonable(r[f]) for f in fields}})
                elif table == "claims_measure":
                    keys[table, r["id"]] = r["slug"]
                    fields = ("slug", "name", "event", "counted", "unit", "description", "varies_over_time")
                    records.append({"model": "claims.measure", "fields": {f: jsonable(r[f]) for f in fields}})
                elif table == "claims_source":
                    keys[table, r["id"]] = r["slug"]
                    (folder / "articles" / f"{r['slug']}.txt").write_text(r["body"], encoding="utf-8")
                    meta = {f: jsonable(r[f]) for f in ("slug", "title", "kind", "language", "url", "authors",
                                                         "published_at")}  # fmt: skip
                    # articles load before fixtures, so they cannot name an outlet that a fixture creates
                    meta |= {"outlet": None, "body_file": f"{r['slug']}.txt"}
                    (folder / "articles" / f"{r['slug']}.json").write_text(json.dumps(meta), encoding="utf-8")
                    articles += 1
                elif table == "claims_quote":
                    keys[table, r["id"]] = str(r["uid"])
                    fields = ("uid", "text", "kind", "cue", "speaker_mention", "role", "start", "end",
                              "anchor_status", "stated_on", "context", "extracted_by", "confidence",
                              "review_status")  # fmt: skip
                    f = {name: jsonable(r[name]) for name in fields}
                    f |= {"source": [keys["claims_source", r["source_id"]]],
                          "speaker": [keys["claims_speaker", r["speaker_id"]]]}  # fmt: skip
                    records.append({"model": "claims.quote", "fields": f})
                elif table == "claims_claim":
                    keys[table, r["id"]] = str(r["uid"])
                    fields = ("uid", "text", "topics", "context", "stated_on", "appearance_urls", "status",
                              "checkworthiness")  # fmt: skip
                    f = {name: jsonable(r[name]) for name in fields}
                    f |= {"claimant": [keys["claims_speaker", r["claimant_id"]]], "appearances": []}
                    claims[r["id"]] = {"model": "claims.claim", "fields": f}
                    records.append(claims[r["id"]])
                elif table == "claims_appearance":
                    claims[r["claim_id"]]["fields"]["appearances"].append([keys["claims_quote", r["quote_id"]]])
                elif table == "claims_quantity":
                    fields = ("uid", "surface", "qualifier", "value", "value_to", "unit", "measured", "as_of")
                    f = {name: jsonable(r[name]) for name in fields}
                    measure = keys.get(("claims_measure", r["measure_id"]))
                    f |= {"claim": [keys["claims_claim", r["claim_id"]]], "measure": [measure] if measure else None}
                    records.append({"model": "claims.quantity", "fields": f})
    (folder / "fixtures" / "bench.json").write_text(json.dumps(records), encoding="utf-8")
    return len(records) + articles


def write_liar(path: Path, n_rows: int) -> int:
    rng = random.Random(13)
    generator = Generator(n_rows, seed=13)
    labels = ["true", "mostly-true", "half-true", "barely-true", "false", "pants-fire"]
    speakers = [f"{rng.choice(['alex', 'maria', 'james', 'linda'])}-{rng.choice(['smith', 'lee', 'king'])}-{n}"
                for n in range(max(10, n_rows // 20))]  # fmt: skip
    with path.open("w", encoding="utf-8") as handle:
        for n in range(n_rows):
            speaker = speakers[int(len(speakers) * rng.random() ** 3)]
            row = [f"{n}.json", rng.choice(labels), generator.words.text(12, 30), ",".join(rng.sample(TOPICS, 2)),
                   speaker, "Senator", "Texas", "republican", "1", "2", "3", "4", "5", "a campaign rally"]  # fmt: skip
            handle.write("\t".join(row) + "\n")
    return n_rows


def write_claimreviews(path: Path, n_reviews: int) -> int:
    """A ClaimReview feed, one JSON-LD document per line, as fact-checkers publish them."""
    rng = random.Random(17)
    generator = Generator(n_reviews, seed=17)
    publishers = ["Example Checks", "Verify Desk", "Truth Squad", "Fact Watch"]
    labels = [("False", 1), ("Mostly false", 2), ("Half true", 3), ("Mostly true", 4), ("True", 5)]
    people = [f"{rng.choice(['Alex', 'Maria', 'James', 'Linda'])} {rng.choice(['Smith', 'Lee', 'King'])} {n}"
              for n in range(max(10, n_reviews // 20))]  # fmt: skip
    with path.open("w", encoding="utf-8") as handle:
        for n in range(n_reviews):
            label, value = rng.choice(labels)
            person = people[int(len(people) * rng.random() ** 3)]
            document = {
                "@context": "https://schema.org", "@type": "ClaimReview",
                "url": f"https://checks.example.org/review/{n}", "claimReviewed": generator.words.text(12, 30),
                "datePublished": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "author": {"@type": "Organization", "name": rng.choice(publishers)},
                "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": person,
                                                              "jobTitle": rng.choice(["Senator", "Mayor", ""])},
                                 "datePublished": "2024-01-05",
                                 "appearance": {"@type": "NewsArticle", "url": f"https://news.example.com/{n}"}},
                "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                                 "alternateName": label, "ratingExplanation": generator.words.text(10, 20)},
            }  # fmt: skip
            handle.write(json.dumps(document) + "\n")
    return n_reviews


# --- the paths ---------------------------------------------------------------------------------
class LoadPath:
    """One load path: `prepare` (untimed, run before the path and before its COPY) and `run` (timed)."""

    name = ""
    unit = "records"

    def prepare(self) -> None:
        pass

    def run(self) -> int:
        raise NotImplementedError


class SeedsPath(LoadPath):
    name, unit = "load_seeds", "seed records"

    def __init__(self, n_claims: int):
        self.folder = Path(tempfile.mkdtemp(prefix="bench-seeds-")) / "seeds"
        self.records = write_seeds(self.folder, n_claims)

    def run(self) -> int:
        load_seeds(self.folder)
        return self.records


class ImportPath(LoadPath):
    """An importer on a file the bench writes; every record in it is new."""

    filename = ""

    def __init__(self, n_records: int):
        self.file = Path(tempfile.mkdtemp(prefix=f"bench-{self.name}-")) / self.filename
        self.records = self.write(self.file, n_records)

    def run(self) -> int:
        report = self.load([self.file])
        assert report.created == self.records, report.summary()
        return self.records


class LiarPath(ImportPath):
    name, unit, filename = "import_liar", "LIAR lines", "liar.tsv"
    write, load = staticmethod(write_liar), staticmethod(liar_import)

    def prepare(self) -> None:
        call_command("loaddata", str(ROOT / "seeds" / "fixtures" / "rating-scales.json"), verbosity=0)


class ClaimReviewPath(ImportPath):
    name, unit, filename = "import_claimreview", "ClaimReview documents", "reviews.jsonl"
    write, load = staticmethod(write_claimreviews), staticmethod(claimreview_import)


class ExtractionPath(LoadPath):
    name, unit = "extraction", "documents"

    def __init__(self, copies: int):
        self.documents = [(f"{p.stem}-{n}", p.read_text(encoding="utf-8")) for n in range(copies) for p in CORPUS]

    def prepare(self) -> None:
        for slug, body in self.documents:
            Source.objects.create(slug=slug, title=slug, body=body)

    def run(self) -> int:
        for source in Source.objects.filter(slug__in=[slug for slug, _ in self.documents]):
            source_extract_suggestions(source=source)
        return len(self.documents)


# --- rows in and out ---------------------------------------------------------------------------
def table_columns(cursor) -> dict[str, tuple[str, list[str]]]:
    """table -> (integer primary key column or "", the columns COPY may write: not generated)."""
    rows = cursor.execute("""
        SELECT c.relname, a.attname, a.attgenerated <> '' AS generated,
               EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary
                       AND a.attnum = ANY(i.indkey)) AND a.atttypid IN ('int2'::regtype, 'int4'::regtype,
                                                                 'int8'::regtype) AS pk
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname, a.attnum
    """).fetchall()  # fmt: skip
    tables: dict[str, tuple[str, list[str]]] = {}
    for table, column, generated, pk in rows:
        key, columns = tables.get(table, ("", []))
        tables[table] = (column if pk else key, columns if generated else [*columns, column])
    return tables


def high_water(cursor, tables) -> dict[str, int]:
    return {t: cursor.execute(f'SELECT coalesce(max("{pk}"), 0) FROM "{t}"').fetchone()[0] for t, (pk, _) in
            tables.items() if pk}  # fmt: skip


def rows_added(cursor, tables, before: dict[str, int]) -> dict[str, tuple[int, bytes]]:
    """Every row added since `before`, per table, as COPY binary data."""
    added = {}
    for table, (pk, columns) in tables.items():
        if not pk:
            continue
        count = cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{pk}" > %s', [before[table]]).fetchone()[0]
        if not count:
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'COPY (SELECT {names} FROM "{table}" WHERE "{pk}" > {before[table]}) TO STDOUT (FORMAT binary)'
        with cursor.copy(sql) as copy:
            added[table] = (count, b"".join(bytes(block) for block in copy))
    return added


def copy_in(cursor, tables, added: dict[str, tuple[int, bytes]]) -> None:
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as load_seeds does: checks run once, at commit
    for table, (_, data) in added.items():
        names = ", ".join(f'"{c}"' for c in tables[table][1])
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN (FORMAT binary)') as copy:
            copy.write(data)


def fresh(server: Server, template: str) -> None:
    connection.close()
    server.recreate(connection.settings_dict["NAME"], template)


def one_round(server: Server, template: str, path: LoadPath) -> dict:
    fresh(server, template)
    path.prepare()
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        tables = table_columns(raw)
        before = high_water(raw, tables)
    started = time.perf_counter()
    records = path.run()
    loader_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        added = rows_added(cursor.connection.cursor(), tables, before)
    fresh(server, template)
    path.prepare()
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        started = time.perf_counter()
        with cursor.connection.transaction():
            copy_in(raw, tables, added)
        copy_s = time.perf_counter() - started
    rows = sum(count for count, _ in added.values())
    return {"records": records, "rows": rows, "loader_s": loader_s, "copy_s": copy_s,
            "tables": {t: count for t, (count, _) in sorted(added.items())}}  # fmt: skip


def pure_extraction(seconds: float = 2.0) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    documents = characters = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            extract(text)
            documents, characters = documents + 1, characters + len(text)
    elapsed = time.perf_counter() - started
    return {"documents_per_s": documents / elapsed, "characters_per_s": characters / elapsed,
            "mean_document_chars": sum(map(len, texts)) / len(texts)}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", required=True, help="A migrated, empty database to copy for every round.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed-claims", type=int, default=100)
    parser.add_argument("--liar-rows", type=int, default=5000)  # half of LIAR's train.tsv
    parser.add_argument("--claimreviews", type=int, default=2000)
    parser.add_argument("--corpus-copies", type=int, default=1)
    parser.add_argument("--paths", default="load_seeds,import_liar,import_claimreview,extraction",
                        help="Which paths to run, comma-separated.")  # fmt: skip
    args = parser.parse_args()
    if not connection.settings_dict["NAME"].endswith("_ingest"):
        sys.exit("refusing to run: DATABASE_URL must name a scratch database ending in _ingest")
    server = Server()
    makers = {"load_seeds": lambda: SeedsPath(args.seed_claims), "import_liar": lambda: LiarPath(args.liar_rows),
              "import_claimreview": lambda: ClaimReviewPath(args.claimreviews),
              "extraction": lambda: ExtractionPath(args.corpus_copies)}  # fmt: skip
    paths = [makers[name]() for name in args.paths.split(",")]
    results = {}
    for path in paths:
        rounds = [one_round(server, args.template, path) for _ in range(args.rounds)]
        loader_s = statistics.median(r["loader_s"] for r in rounds)
        copy_s = statistics.median(r["copy_s"] for r in rounds)
        last = rounds[-1]
        results[path.name] = {
            "unit": path.unit, "records": last["records"], "rows": last["rows"], "tables": last["tables"],
            "loader_records_per_s": last["records"] / loader_s, "loader_rows_per_s": last["rows"] / loader_s,
            "copy_rows_per_s": last["rows"] / copy_s, "ratio": copy_s / loader_s,
            "rounds": [{k: r[k] for k in ("loader_s", "copy_s")} for r in rounds],
        }  # fmt: skip
    results["extract_only"] = pure_extraction()
    fresh(server, args.template)
    connection.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
