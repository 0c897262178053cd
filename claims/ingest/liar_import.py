"""Import PolitiFact's LIAR dataset (tab-separated, 14 columns) on the six-level truth scale.

The files are streamed, a batch of rows at a time, in one transaction; a statement's identity is
its LIAR id (`claims.ingest.importing` says how records are written).
"""

import csv
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.ingest import importing
from claims.ingest.importing import Batch, ImportFailure, ImportReport, message, speaker_slug, upsert
from claims.models import Claim, Rating, Review, Speaker

LIAR_LABELS = {"true": "true", "mostly-true": "mostly-true", "half-true": "half-true",
               "barely-true": "mostly-false", "false": "false", "pants-fire": "pants-on-fire"}  # fmt: skip
LIAR_COLUMNS = 14
TRUTH_SCALE = "truth-six-level"
LIAR_CLAIM_FIELDS = ("text", "claimant_id", "context", "status", "topics")
LIAR_REVIEW_FIELDS = ("claim_id", "rating_id", "publisher_id", "status", "explanation", "claim_reviewed")


def liar_import(paths: list[Path], *, skip_invalid: bool = False) -> ImportReport:
    """Import LIAR files in one transaction, streaming them: memory holds one batch of rows."""
    ratings = {r.slug: r for r in Rating.objects.filter(scale__slug=TRUTH_SCALE)}
    if set(LIAR_LABELS.values()) - set(ratings):
        raise ImportFailure(f'the rating scale "{TRUTH_SCALE}" is missing: run `manage.py load_seeds` first')
    publisher = Speaker.objects.filter(slug="politifact").first()
    report = ImportReport()
    with transaction.atomic():
        if publisher is None:
            publisher, _ = upsert(Speaker, {"slug": "politifact"}, {"name": "PolitiFact", "kind": "organization"})
        loader = _LiarLoader(ratings, publisher, report)
        for path in paths:
            _liar_file(path, loader, report)
        loader.load()
        if report.rejected_count and not skip_invalid:
            shown = "; ".join(report.rejected[:5]) + (" ..." if report.rejected_count > 5 else "")
            raise ImportFailure(f"{report.rejected_count} invalid row(s): {shown}")
    return report


@dataclass
class _LiarRow:
    where: str  # "train.tsv line 12"
    liar_id: str
    label: str
    statement: str
    topics: list[str]
    speaker: str  # the name the speaker column spells ("jane-roe": "Jane Roe"), "" for none
    job: str
    state: str
    party: str
    context: str
    claim_uid: uuid.UUID
    review_uid: uuid.UUID
    slug: str  # the speaker's (the column's value, made a slug), "" for none


def _liar_file(path: Path, loader: "_LiarLoader", report: ImportReport) -> None:
    try:
        # Bytes that are not UTF-8 are kept as surrogates, so the row holding them is named by its
        # line; a byte-order mark (spreadsheets write one) is not part of the first id.
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as error:
        raise ImportFailure(f"{path}: cannot read the file ({error})") from error
    read = report.read
    with handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        try:
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                report.read += 1
                where = f"{path.name} line {reader.line_num}"
                try:
                    parsed = _liar_row(row, where)
                except ValueError as error:
                    report.reject(f"{where}: {message(error)}")
                    continue
                loader.add(parsed)
        except csv.Error as error:
            raise ImportFailure(f"{path}: line {reader.line_num + 1}: not tab-separated text ({error})") from error
    if report.read == read:
        raise ImportFailure(f"{path}: no LIAR rows found")


def _liar_row(row: list[str], where: str) -> _LiarRow:
    if len(row) != LIAR_COLUMNS:
        raise ValueError(f"expected {LIAR_COLUMNS} tab-separated columns, found {len(row)}")
    if any("\x00" in cell for cell in row):
        raise ValueError("a cell holds a NUL character")
    try:
        "".join(row).encode()
    except UnicodeEncodeError as error:
        raise ValueError(f"not UTF-8 text (byte 0x{ord(error.object[error.start]) - 0xDC00:02x})") from None
    liar_id, label, statement, subjects, speaker_column, job, state, party = (c.strip() for c in row[:8])
    if not liar_id or not statement:
        raise ValueError("the id and the statement are required")
    if label not in LIAR_LABELS:
        raise ValueError(f"unknown label {label!r} (expected one of {', '.join(LIAR_LABELS)})")
    topics = [t.strip()[:200] for t in subjects.split(",") if t.strip()]
    speaker = " ".join(part.capitalize() for part in re.split(r"[-_]+", speaker_column) if part)[:200]
    return _LiarRow(where, liar_id, label, statement, topics, speaker, job[:200], state[:80], party[:80],
                    row[13].strip(), uuid.uuid5(importing.NAMESPACE, f"liar:{liar_id}"),
                    uuid.uuid5(importing.NAMESPACE, f"liar-review:{liar_id}"),
                    speaker_slug(speaker_column) if speaker else "")  # fmt: skip


class _LiarLoader:
    """LIAR rows in, `IMPORT_BATCH` at a time (see `Batch`)."""

    def __init__(self, ratings: dict, publisher: Speaker, report: ImportReport):
        self.ratings, self.publisher, self.report = ratings, publisher, report
        self.batch = Batch(report, Speaker, Claim, Review)
        self.rows: list[_LiarRow] = []

    def add(self, row: _LiarRow) -> None:
        self.rows.append(row)
        if len(self.rows) >= importing.IMPORT_BATCH:
            self.load()

    def load(self) -> None:
        rows, self.rows = self.rows, []
        self.batch.look_up(Speaker, "slug", {r.slug for r in rows if r.slug}, importing.SPEAKER_LOOKUP)
        self.batch.look_up(Claim, "uid", {r.claim_uid for r in rows}, LIAR_CLAIM_FIELDS)
        self.batch.look_up(Review, "uid", {r.review_uid for r in rows}, LIAR_REVIEW_FIELDS)
        for row in rows:
            try:
                outcome = self.row(row)
            except ValidationError as error:
                self.report.reject(f"{row.where}: {message(error)}")
                continue
            self.report.count(outcome)
        self.batch.done()

    def row(self, row: _LiarRow) -> str:
        claimant_id = None
        if row.slug:
            # LIAR's party column says "organization" for a company, a group or a page
            kind = Speaker.Kind.ORGANIZATION if row.party.lower() == "organization" else Speaker.Kind.PERSON
            claimant_id = self.batch.speaker(row.slug, row.where, name=row.speaker, kind=kind, job_title=row.job,
                                             state=row.state, party=row.party)  # fmt: skip
        rating = self.ratings[LIAR_LABELS[row.label]]
        claim_id, claim_outcome = self.batch.put(Claim, "uid", row.claim_uid, row.where, {
            "text": row.statement, "claimant_id": claimant_id, "context": row.context,
            "status": Claim.Status.PUBLISHED, "topics": row.topics,
        })  # fmt: skip
        _, review_outcome = self.batch.put(Review, "uid", row.review_uid, row.where, {
            "claim_id": claim_id, "rating_id": rating.pk, "publisher_id": self.publisher.pk,
            "status": Review.Status.PUBLISHED, "claim_reviewed": row.statement,
            "explanation": f"Rated “{rating.label}” by PolitiFact (LIAR dataset, statement {row.liar_id}).",
        })  # fmt: skip
        outcomes = {claim_outcome, review_outcome}
        return "created" if claim_outcome == "created" else "updated" if "updated" in outcomes else "unchanged"
