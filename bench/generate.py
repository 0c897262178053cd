"""Deterministic synthetic data at 10k, 100k or 1M claims, loaded with COPY into a migrated database.

Shape (per N claims): N/100 speakers with a skewed popularity (speaker id = N_s * u**3), N/5
sources of five quotes each whose bodies are built around the quotes (so the anchor triggers
hold), one confirmed quote and one claim per quote, about 0.7 quantities per claim on ten
qualifiers, 50 measures. Text is drawn from a Zipf-weighted vocabulary of common English words
and synthetic words: claims 12-30 words, quotes 20-60, bodies about 1.5 kB. 90% of claims are
published, 90% of quotes confirmed, 2% of speakers private.

    .venv/bin/python bench/generate.py 10k      # (re)creates database bench_10k unless it is current
"""

import argparse
import hashlib
import itertools
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from db import ROOT, Server, django_env

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
VERSION = "bench-data-v1"  # bump when the shape changes: databases with another comment are rebuilt
SEED = 20240807
QUOTES_PER_SOURCE = 5
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 25 * 365 * 86400

COMMON = """
people government year state president money tax jobs health care law country percent million billion
school work bill vote economy police border family plan city budget program report record number time
water energy price rate week day month debt deficit crime court election party campaign voters senate
house congress governor mayor county federal public private worker wage income spending cut increase
business company industry oil gas coal climate weather drought flood fire housing rent home mortgage
student teacher college tuition loan hospital doctor nurse insurance medicare medicaid drug opioid vaccine
virus military veteran soldier war troops security immigration immigrant refugee visa deport wall trade
tariff china mexico canada europe russia farm farmer food grocery inflation gasoline electric car road
bridge transit airport rail internet broadband phone data privacy court judge justice prison sentence
abortion gun shooting safety fraud audit ballot poll survey study research science climate carbon
emission solar wind nuclear power grid storm hurricane snow heat summer winter spring autumn morning
evening history record highest lowest largest smallest fastest first last every never always already
more less most least half double triple nearly almost over under about roughly exactly since until
rose fell doubled tripled dropped grew shrank created lost saved spent raised lowered signed vetoed
passed blocked promised claimed denied confirmed announced reported estimated counted detained released
arrested charged elected appointed funded cut expanded closed opened built repaired hired fired paid
owed borrowed invested earned collected returned
""".split()

TOPICS = [
    "economy", "jobs", "taxes", "health-care", "immigration", "crime", "education", "energy", "environment",
    "elections", "guns", "housing", "military", "trade", "transportation", "budget", "debt", "agriculture",
    "technology", "foreign-policy", "veterans", "drugs", "abortion", "climate", "labor", "infrastructure",
]  # fmt: skip
FIRST = "alex maria james linda robert susan michael karen david lisa john nancy mark sandra paul emily".split()
LAST = "smith garcia johnson lee brown nguyen davis lopez miller wilson moore taylor clark hall young king".split()
PARTIES = ["democrat", "republican", "independent", "none"]
STATES = ["Texas", "Ohio", "Florida", "California", "New York", "Georgia", "Arizona", "Iowa", "Maine", ""]
CUES = ["said", "told reporters", "wrote", "added", "said in a statement", "according to"]
QUALIFIERS = [  # (qualifier, weight, surface word)
    ("exact", 30, ""), ("about", 15, "about"), ("almost", 10, "almost"), ("over", 15, "over"),
    ("at_least", 6, "at least"), ("under", 6, "under"), ("at_most", 3, "at most"), ("up_to", 5, "up to"),
    ("between", 5, "between"), ("order_of_magnitude", 5, "millions of"),
]  # fmt: skip
UNITS = ["people", "jobs", "USD", "percent", "locations", "votes", "homes", "students"]

COLUMNS = {
    "claims_speaker": "id slug name kind description aliases wikidata_id organization_id is_private job_title state "
    "party created_at updated_at version",
    "claims_measure": "id slug name event counted unit description varies_over_time created_at updated_at version",
    "claims_source": "id slug title url outlet_id authors published_at kind language body body_sha256 retrieved_at "
    "archive_url created_at updated_at version",
    "claims_quote": "id uid source_id speaker_id text kind cue speaker_mention role start end prefix suffix "
    "anchor_status stated_on context extracted_by confidence review_status created_at updated_at version",
    "claims_claim": "id uid text claimant_id topics context stated_on appearance_urls status needs_attention "
    "checkworthiness created_at updated_at version",
    "claims_appearance": "id claim_id quote_id",
    "claims_quantity": "id uid claim_id surface qualifier value value_to unit measured measure_id as_of created_at "
    "updated_at version",
}
COLUMNS = {table: names.split() for table, names in COLUMNS.items()}


class Words:
    """Zipf(1.05)-weighted words: the common list first, then synthetic syllable words."""

    def __init__(self, rng: random.Random, synthetic: int = 20_000):
        syllables = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "en", "or")]
        made = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(synthetic)}
        self.words = list(dict.fromkeys(COMMON)) + sorted(made - set(COMMON))
        self.cum = list(itertools.accumulate(1 / rank**1.05 for rank in range(1, len(self.words) + 1)))
        self.rng = rng

    def text(self, low: int, high: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."


class Generator:
    def __init__(self, n_claims: int, seed: int = SEED):
        self.n_claims = n_claims
        self.n_sources = max(1, n_claims // QUOTES_PER_SOURCE)
        self.n_speakers = max(20, n_claims // 100)
        self.n_measures = 50
        self.rng = random.Random(seed)
        self.words = Words(self.rng)
        self.outlets = range(self.n_speakers - self.n_speakers // 20 + 1, self.n_speakers + 1)
        self.private: set[int] = set()

    def when(self) -> datetime:
        return EPOCH + timedelta(seconds=self.rng.randrange(SPAN_SECONDS))

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def speaker_id(self) -> int:
        """Skewed: the first speakers say most of it (top ~ N/5 claims at 1M, median ~ 50)."""
        return int((self.n_speakers - len(self.outlets)) * self.rng.random() ** 3) + 1

    def speakers(self):
        rows = []
        for sid in range(1, self.n_speakers + 1):
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            kind = "outlet" if sid in self.outlets else "organization" if sid % 10 == 0 else "person"
            name = f"{first.title()} {last.title()}" if kind == "person" else f"{last.title()} {kind.title()} {sid}"
            private = kind == "person" and sid > self.n_speakers // 2 and self.rng.random() < 0.04
            if private:
                self.private.add(sid)
            at = self.when()
            rows.append((sid, f"{first}-{last}-{sid}", name, kind, self.words.text(8, 20), [], "", None, private,
                         self.rng.choice(["Senator", "Governor", "Mayor", "Spokesperson", ""]),
                         self.rng.choice(STATES), self.rng.choice(PARTIES), at, at, 1))  # fmt: skip
        return rows

    def measures(self):
        rows = []
        for mid in range(1, self.n_measures + 1):
            at = self.when()
            unit = self.rng.choice(UNITS)
            rows.append((mid, f"measure-{mid}", f"Measure {mid}: {self.words.text(2, 5)}", "", f"{unit} counted",
                         unit, "", False, at, at, 1))  # fmt: skip
        return rows

    def quantity(self, claim_id: int, qid: int, at: datetime):
        qualifier, _, word = self.rng.choices(QUALIFIERS, weights=[w for _, w, _ in QUALIFIERS])[0]
        value = Decimal(int(10 ** self.rng.uniform(0, 7)) + 1)
        value_to = value * 2 if qualifier == "between" else None
        surface = (f"between {value} and {value_to}" if value_to else f"{word} {value}").strip()
        if qualifier == "order_of_magnitude":
            surface = "millions of"
        measure = self.rng.randint(1, self.n_measures) if self.rng.random() < 0.3 else None
        unit = self.rng.choice(UNITS)
        row = (qid, self.uid(), claim_id, surface, qualifier, value, value_to, unit, f"{unit} counted", measure,
               at.date(), at, at, 1)  # fmt: skip
        return row, surface

    def chunks(self, per_chunk: int = 5_000):
        """Yield {table: rows} in load order: speakers and measures, then sources with everything on them."""
        yield {"claims_speaker": self.speakers(), "claims_measure": self.measures()}
        quote_id = quantity_id = 0
        for first in range(1, self.n_sources + 1, per_chunk):
            tables = {t: [] for t in ("claims_source", "claims_quote", "claims_claim", "claims_appearance",
                                      "claims_quantity")}  # fmt: skip
            for source_id in range(first, min(first + per_chunk, self.n_sources + 1)):
                published = self.when()
                parts, quotes = [], []
                for _ in range(QUOTES_PER_SOURCE):
                    quote_id += 1
                    speaker = self.speaker_id()
                    parts.append(self.words.text(10, 30) + " ")
                    cue = self.rng.choice(CUES)
                    text = self.words.text(20, 60)
                    start = sum(map(len, parts)) + 1
                    parts.append(f"“{text}” {cue}. ")
                    quotes.append((quote_id, speaker, text, start, cue))
                parts.append(self.words.text(10, 30))
                body = "".join(parts)
                kind = self.rng.choice(["article"] * 6 + ["transcript", "press_release", "post"])
                outlet = self.rng.choice(self.outlets) if self.rng.random() < 0.8 else None
                tables["claims_source"].append((
                    source_id, f"source-{source_id}", self.words.text(6, 14)[:300],
                    f"https://news.example/{source_id}", outlet, [], published, kind, "en", body,
                    hashlib.sha256(body.encode()).hexdigest(), None, "", published, published, 1,
                ))  # fmt: skip
                for qid, speaker, text, start, cue in quotes:
                    end = start + len(text)
                    kind = self.rng.choices(["direct", "partial", "indirect"], weights=[60, 15, 25])[0]
                    status = "confirmed" if self.rng.random() < 0.9 else "suggested"
                    tables["claims_quote"].append((
                        qid, self.uid(), source_id, speaker, text, kind, cue, "he", "", start, end,
                        body[max(0, start - 32) : start], body[end : end + 32], "exact", published.date(), "",
                        "bench", None, status, published, published, 1,
                    ))  # fmt: skip
                    claim_text = self.words.text(12, 30)
                    surfaces = []
                    for _ in range(1 + (self.rng.random() < 0.1) if self.rng.random() < 0.65 else 0):
                        quantity_id += 1
                        row, surface = self.quantity(qid, quantity_id, published)
                        tables["claims_quantity"].append(row)
                        surfaces.append(surface)
                    if surfaces:
                        claim_text = f"{claim_text[:-1]} {' and '.join(surfaces)} {self.rng.choice(UNITS)}."
                    status = self.rng.choices(["published", "draft", "in_review", "archived"], [90, 4, 3, 3])[0]
                    at = self.when()
                    topics = self.rng.sample(TOPICS, self.rng.randint(1, 3))
                    tables["claims_claim"].append((
                        qid, self.uid(), claim_text, speaker, topics, self.rng.choice(["", "a campaign rally",
                        "a televised debate", "a press conference"]), at.date(), [], status, "",
                        round(self.rng.random(), 3), at, at, 1,
                    ))  # fmt: skip
                    tables["claims_appearance"].append((qid, qid, qid))
            yield tables


def secondary_indexes(conn) -> list[tuple[str, str]]:
    """The migrations' indexes that back no constraint: dropped for the load, rebuilt after it."""
    return conn.execute("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    """, [list(COLUMNS)]).fetchall()  # fmt: skip


def copy_rows(conn, table: str, rows, columns=None) -> None:
    names = ", ".join(f'"{c}"' for c in columns or COLUMNS[table])
    with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def migrate(server: Server, dbname: str) -> None:
    env = django_env(server, dbname)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def load(server: Server, dbname: str, n_claims: int) -> dict:
    """Migrate an empty database, COPY the dataset in, rebuild indexes, VACUUM ANALYZE; return timings."""
    timings, counts = {}, dict.fromkeys(COLUMNS, 0)
    started = time.perf_counter()
    server.recreate(dbname)
    migrate(server, dbname)
    timings["migrate_s"] = time.perf_counter() - started
    with server.connect(dbname) as conn:
        indexes = secondary_indexes(conn)
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        t0 = time.perf_counter()
        for tables in Generator(n_claims).chunks():
            for table, rows in tables.items():
                copy_rows(conn, table, rows)
                counts[table] += len(rows)
        conn.commit()  # the deferred foreign-key checks run here
        timings["generate_and_copy_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition)
        for table in COLUMNS:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
        timings["index_build_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with server.connect(dbname, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE, FREEZE)")
    timings["vacuum_analyze_s"] = time.perf_counter() - t0
    timings["total_s"] = time.perf_counter() - started
    return {"counts": counts, "timings": {k: round(v, 2) for k, v in timings.items()}}


def ensure(server: Server, size: str, force: bool = False) -> tuple[str, dict | None]:
    """The database for a size, generated unless it already holds this version of the data."""
    dbname = server.name(f"bench_{size}")
    marker = f"{VERSION} size={size} seed={SEED}"
    if not force and server.exists(dbname) and server.comment(dbname) == marker:
        migrate(server, dbname)  # the project's newer migrations (an index, say) apply to the kept data
        return dbname, None
    report = load(server, dbname, SIZES[size])
    server.set_comment(dbname, marker)
    return dbname, report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=SIZES)
    parser.add_argument("--force", action="store_true", help="Rebuild even if the database is current.")
    args = parser.parse_args()
    server = Server()
    server.tune()
    dbname, report = ensure(server, args.size, args.force)
    print(f"{dbname}: " + (f"{report}" if report else "already current"))


if __name__ == "__main__":
    main()
