"""Importers for the formats fact-checkers exchange: ClaimReview JSON-LD and PolitiFact's LIAR TSV.

Both are idempotent (a record's identity comes from the file: the review URL, the LIAR id) and
atomic: by default one bad record stops the import and nothing is written. Records go in
batches (`_Batch`): what a batch refers to is read with one query per model, new records are
written with COPY (`claims.ingest.copy_rows.NewRows`: the fields' checks and the history rows included),
and a stored record the file changes is saved through `_upsert`, which reports what changed.
"""

import codecs
import csv
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from claims.ingest.claimreview import ClaimReviewError, documents_in
from claims.ingest.copy_rows import NewRows, refused_row
from claims.models import Claim, Rating, RatingScale, Review, Speaker
from claims.services import review_correct

NAMESPACE = uuid.UUID("8f7d3c2a-5b1e-4c6d-9a0f-3e2b1c4d5a6f")  # identities derived from imported ids
REJECT_LIMIT = 50  # reject lines listed in a report
CHANGE_REASON = "import"  # in the history of every record an import writes


class ImportFailure(ValueError):
    """A file that cannot be imported; the message names the file and the record."""


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # the first REJECT_LIMIT, with their line numbers
    rejected_count: int = 0
    kept: list[str] = field(default_factory=list)  # editors' changes a re-import left as they are

    def reject(self, message: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < REJECT_LIMIT:
            self.rejected.append(message)

    def summary(self) -> str:
        rejected = f", {self.rejected_count} rejected" if self.rejected_count else ""
        kept = f"; kept {len(self.kept)} editor change(s)" if self.kept else ""
        return (f"{self.read} read, {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
                f"{rejected}{kept}.")  # fmt: skip


def _upsert(model, lookup: dict, values: dict) -> tuple[object, str]:
    """Create or update one row; return it and "created", "updated" or "unchanged"."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_constraints=False)
        obj._change_reason = CHANGE_REASON
        obj.save()
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean(validate_constraints=False, validate_unique=False)
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj, "updated"


def slug_for(text: str, *, prefix: str, length: int = 120) -> str:
    """A slug for any script ("josé-peralta", "владимир-путин"); a stable hash when nothing is left."""
    slug = slugify(text, allow_unicode=True)[:length].strip("-")
    return slug or f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:12]}"


@lru_cache(maxsize=4096)
def _speaker_slug(name: str) -> str:
    return slug_for(name, prefix="speaker")  # a feed names the same few speakers over and over


# --- batches ------------------------------------------------------------------------------------
IMPORT_BATCH = 1000  # records looked up and written together
SPEAKER_LOOKUP = ("name", "job_title", "state", "party", "wikidata_id")  # what `_Batch.speaker` compares


class _Batch:
    """An import's records, a batch at a time: what the batch refers to is read with one query per
    model (`look_up`), new records wait in `NewRows` and are written with COPY (`write`); a record
    already stored that the file changes goes through `_upsert`, after everything waiting is
    written (its checks read the database)."""

    def __init__(self, report: ImportReport, *models):
        self.report = report
        self.new = {model: NewRows(model, change_reason=CHANGE_REASON) for model in models}
        self.known: dict[tuple, dict] = {}  # (model, key) -> {"id": ..., field values}, read or waiting
        self.waiting: dict = {}  # model -> where each waiting record comes from, in their order
        self.started = timezone.now()

    def look_up(self, model, key: str, keys: set, fields: tuple) -> None:
        for record in model.objects.filter(**{f"{key}__in": keys}).values("id", key, *fields):
            self.known[model, record.pop(key)] = record

    def put(self, model, key: str, value, where: str, values: dict) -> tuple[int, str]:
        """Create, change or leave the record `key=value`: its primary key and what was done
        ("created", "updated" or "unchanged")."""
        known = self.known.get((model, value))
        if known is None:
            pk = self.new[model].add(**{key: value}, **values)
            self.known[model, value] = {"id": pk, **values}
            self.waiting.setdefault(model, []).append(where)
            return pk, "created"
        if _holds(known, values):
            return known["id"], "unchanged"
        self.write()
        values = self.unedited(model, known, values, where)
        if _holds(known, values):
            return known["id"], "unchanged"
        before = dict(known)
        obj, outcome = _upsert(model, {key: value}, values)
        if model is Review and obj.created_at < self.started:  # readers saw the verdict before this import
            _correct_if_changed(obj, before, where)
        known.update(values)
        return obj.pk, outcome

    def unedited(self, model, known: dict, values: dict, where: str) -> dict:
        """The file's values, but where someone changed a field since the last import wrote it:
        that change is kept (and reported), as load_seeds keeps editors' changes to seeds."""
        changed = [name for name, value in values.items() if not _holds(known, {name: value})]
        imported = model.history.filter(id=known["id"], history_change_reason=CHANGE_REASON)
        last = imported.order_by("-history_date", "-history_id").values(*changed).first()
        if last is None:
            return values
        edited = [name for name in changed if last[name] != known.get(name)]
        for name in edited:
            self.report.kept.append(f"{where}: {model._meta.verbose_name} {known['id']} {name}")
        return {name: value for name, value in values.items() if name not in edited}

    def speaker(self, slug: str, where: str, *, name: str, kind: str, **extra) -> int:
        """A speaker by slug, found or made; the first job title, state, party or Wikidata ID given
        wins, so a re-import changes nothing. A speaker still waiting to be written takes later
        values into the record it is created with (one history row, where saves would write two)."""
        known = self.known.get((Speaker, slug))
        if known is None:
            return self.put(Speaker, "slug", slug, where, {"name": name[:200], "kind": kind, **extra})[0]
        updates = {k: v for k, v in extra.items() if v and not known.get(k)}
        if updates and known["id"] in self.new[Speaker]:
            self.new[Speaker].update(known["id"], **updates)
        elif updates:
            self.write()
            _upsert(Speaker, {"slug": slug}, updates)
        known.update(updates)
        return known["id"]

    def write(self) -> None:
        if not self.waiting:
            return
        try:
            with transaction.atomic():
                for rows in self.new.values():
                    rows.flush()
        except DatabaseError as error:
            message = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise ImportFailure(f"{refused_row(error, self.waiting)}: {message}") from error
        self.waiting = {}

    def done(self) -> None:
        """Write the batch and forget it: the next batch reads what it needs again."""
        self.write()
        self.known.clear()


def _holds(known: dict, values: dict) -> bool:
    """Whether a record read or waiting already has these values."""
    return all(name in known and known[name] == value for name, value in values.items())


def _correct_if_changed(review: Review, before: dict, where: str) -> None:
    """A published verdict the file changed gets a correction readers see, as an editor's change would."""
    if before["status"] != Review.Status.PUBLISHED:
        return
    if before["rating_id"] != review.rating_id or before["explanation"].strip() != review.explanation.strip():
        review_correct(review=review, old_rating_id=before["rating_id"], old_explanation=before["explanation"],
                       user=None, note=f"The publisher changed this verdict (re-imported from {where}).")  # fmt: skip


# --- ClaimReview ---------------------------------------------------------------------------------
CLAIMREVIEW_CLAIM_FIELDS = ("text", "claimant_id", "status", "stated_on", "appearance_urls")
CLAIMREVIEW_REVIEW_FIELDS = ("claim_id", "rating_id", "publisher_id", "explanation", "published_at", "status",
                             "claim_reviewed")  # fmt: skip


def claimreview_import(paths: list[Path]) -> ImportReport:
    """Import every file in one transaction: a bad record anywhere leaves the database as it was."""
    report = ImportReport()
    with transaction.atomic():
        batch = _Batch(report, Speaker, Claim, Review)
        ratings: dict[tuple, int] = {}  # scales and labels found or made, for the whole import
        for path in paths:
            records = _claimreview_file(path, report)
            for start in range(0, len(records), IMPORT_BATCH):
                _claimreview_batch(batch, records[start : start + IMPORT_BATCH], ratings, report)
    return report


@dataclass
class _Review:
    """One ClaimReview, read and checked, before anything is looked up."""

    where: str
    url: str
    publisher: str  # a name, or ""
    claimant: tuple[str, str, dict] | None  # name, kind, other fields
    claim: dict  # the Claim's values but its claimant
    rating: tuple  # label, value, best, worst
    explanation: str
    published_at: datetime | None


def _claimreview_file(path: Path, report: ImportReport) -> list[_Review]:
    try:
        raw = path.read_bytes()
        documents = documents_in(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        at = error.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)  # counted after it
        line = raw.count(b"\n", 0, at) + 1
        raise ImportFailure(f"{path}: line {line}: not UTF-8 text (byte 0x{raw[at]:02x})") from error
    except (OSError, ClaimReviewError) as error:
        raise ImportFailure(f"{path}: {error}") from error
    if not documents:
        raise ImportFailure(f"{path}: no ClaimReview found")
    urls = []
    for where, document in documents:
        try:
            urls.append(_text(document, "url"))
        except ValueError as error:
            raise ImportFailure(f"{path}: {where}: {error}") from error
    last = {url: n for n, url in enumerate(urls)}
    records = []
    for n, (where, document) in enumerate(documents):
        report.read += 1
        if last[urls[n]] != n:
            report.unchanged += 1  # the same review again later in the file: the last one counts
            continue
        try:
            records.append(_claimreview_record(f"{path}: {where}", document))
        except (ValidationError, ValueError, TypeError, KeyError, ArithmeticError) as error:
            raise ImportFailure(f"{path}: {where}: {_message(error)}") from error
    return records


def _claimreview_batch(batch: _Batch, records: list[_Review], ratings: dict, report: ImportReport) -> None:
    speakers = {_speaker_slug(r.publisher) for r in records if r.publisher}
    speakers |= {_speaker_slug(r.claimant[0]) for r in records if r.claimant}
    batch.look_up(Speaker, "slug", speakers, SPEAKER_LOOKUP)
    batch.look_up(Review, "url", {r.url for r in records}, ("claim__uid", *CLAIMREVIEW_REVIEW_FIELDS))
    claim_uids = {}  # a known review keeps its claim
    for r in records:
        stored = batch.known.get((Review, r.url))
        claim_uids[r.url] = stored["claim__uid"] if stored else uuid.uuid5(NAMESPACE, f"claimreview:{r.url}")
    batch.look_up(Claim, "uid", set(claim_uids.values()), CLAIMREVIEW_CLAIM_FIELDS)
    for r in records:
        try:
            outcome = _claimreview_store(batch, r, claim_uids[r.url], ratings)
        except ImportFailure:
            raise
        except (ValidationError, ValueError) as error:
            raise ImportFailure(f"{r.where}: {_message(error)}") from error
        setattr(report, outcome, getattr(report, outcome) + 1)
    batch.done()


def _claimreview_store(batch: _Batch, r: _Review, claim_uid: uuid.UUID, ratings: dict) -> str:
    publisher, owner = None, ""
    if r.publisher:
        slug = _speaker_slug(r.publisher)
        publisher = batch.speaker(slug, r.where, name=r.publisher, kind=Speaker.Kind.ORGANIZATION)
        owner = batch.known[Speaker, slug]["name"]  # the stored name, as the speaker's str() gives it
    claimant = None
    if r.claimant:
        name, kind, extra = r.claimant
        claimant = batch.speaker(_speaker_slug(name), r.where, name=name, kind=kind, **extra)
    claim_id, claim_outcome = batch.put(Claim, "uid", claim_uid, r.where, {**r.claim, "claimant_id": claimant})
    _, review_outcome = batch.put(Review, "url", r.url, r.where, {
        "claim_id": claim_id, "rating_id": _rating(owner or "Imported", r.rating, ratings), "publisher_id": publisher,
        "explanation": r.explanation or f"Rated “{r.rating[0]}” by {owner or 'the publisher'}.",
        "published_at": r.published_at, "status": Review.Status.PUBLISHED, "claim_reviewed": r.claim["text"],
    })  # fmt: skip
    outcomes = {claim_outcome, review_outcome}
    return "created" if review_outcome == "created" else "updated" if "updated" in outcomes else "unchanged"


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in getattr(error, "message_dict", {"": error.messages}).items())
    return str(error) or type(error).__name__


def _text(node, key: str, limit: int = 100_000) -> str:
    value = node.get(key, "") if isinstance(node, dict) else ""
    if isinstance(value, list):  # "author": [{...}, ...]: the first one
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise ValueError(f'"{key}" must be text')
    if "\x00" in str(value):
        raise ValueError(f'"{key}" holds a NUL character')
    return str(value).strip()[:limit]


def _claimreview_record(where: str, document: dict) -> _Review:
    if not _unicode(document):
        raise ValueError("holds a lone surrogate (an escape such as \\ud800 that is not a character)")
    url = _text(document, "url")
    claim_text = _text(document, "claimReviewed")
    if not url or not claim_text:
        raise ValueError('a ClaimReview needs "url" (its identity) and "claimReviewed"')
    item = document.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise ValueError('"itemReviewed" must be an object')
    rating_node = document.get("reviewRating")
    if not isinstance(rating_node, dict) or not _text(rating_node, "alternateName"):
        raise ValueError('"reviewRating" needs an "alternateName"')
    return _Review(
        where, url, publisher=_text(document, "author", 200), claimant=_claim_author(item.get("author")),
        claim={"text": claim_text, "status": Claim.Status.PUBLISHED, "stated_on": _date(item.get("datePublished")),
               "appearance_urls": _appearance_urls(item)},
        rating=_rating_read(rating_node),
        explanation=_text(rating_node, "ratingExplanation", 5000) or _text(document, "reviewBody", 5000),
        published_at=_datetime(document.get("datePublished")),
    )  # fmt: skip


def _unicode(value) -> bool:
    """Whether every text in a decoded JSON value is Unicode that PostgreSQL can store."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _claim_author(node) -> tuple[str, str, dict] | None:
    """The claimant's name, kind and other fields, or None."""
    if isinstance(node, list):
        node = node[0] if node else None
    if isinstance(node, str):
        return (node.strip()[:200], Speaker.Kind.PERSON, {}) if node.strip() else None
    if not isinstance(node, dict) or not _text(node, "name"):
        return None
    kind = Speaker.Kind.ORGANIZATION if node.get("@type") == "Organization" else Speaker.Kind.PERSON
    same_as = node.get("sameAs") if isinstance(node.get("sameAs"), str) else ""
    wikidata = same_as.rsplit("/", 1)[-1] if "wikidata.org" in same_as else ""
    extra = {"job_title": _text(node, "jobTitle", 200)}
    if wikidata.startswith("Q") and wikidata[1:].isdigit():
        extra["wikidata_id"] = wikidata
    return _text(node, "name", 200), kind, extra


def _appearance_urls(item: dict) -> list[str]:
    urls = []
    for key in ("firstAppearance", "appearance"):
        nodes = item.get(key) or []
        for node in nodes if isinstance(nodes, list) else [nodes]:
            url = node.get("url") if isinstance(node, dict) else node if isinstance(node, str) else None
            if isinstance(url, str) and "\x00" in url:
                raise ValueError(f'"{key}" holds a NUL character')
            if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in urls:
                urls.append(url[:500])
    return urls


def _number(node: dict, key: str) -> Decimal | None:
    value = node.get(key)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValueError(f'"{key}" must be a number, not {value!r}') from error
    if not number.is_finite() or abs(number) >= 10**6:
        raise ValueError(f'"{key}" is out of range: {value!r}')
    return number.quantize(Decimal("0.01"))


def _rating_read(node: dict) -> tuple[str, Decimal | None, Decimal | None, Decimal | None]:
    """The label, value and bounds of a reviewRating, checked (numeric when it gives a value)."""
    label = _text(node, "alternateName", 120)
    value, best, worst = _number(node, "ratingValue"), _number(node, "bestRating"), _number(node, "worstRating")
    if value is not None and best is None and worst is None:
        best, worst = Decimal(5), Decimal(1)  # schema.org's defaults for a Rating
    numeric = value is not None and best is not None and worst is not None
    if value is not None and not (numeric and worst < best and best == int(best) and worst == int(worst)):
        raise ValueError('"ratingValue" needs whole "worstRating" below "bestRating"')
    if numeric and not worst <= value <= best:
        raise ValueError(f'"ratingValue" {value} lies outside {worst}..{best}')
    return label, value, best, worst


def _rating(owner: str, rating: tuple, found: dict) -> int:
    """The publisher's scale and label (found or made), as a Rating pk; `found` keeps them for the import."""
    if (owner, rating) in found:
        return found[owner, rating]
    label, value, best, worst = rating
    numeric = value is not None
    name = f"{owner} {worst:.0f} to {best:.0f}" if numeric else f"{owner} labels"
    scale_slug, slug = slug_for(name, prefix="scale", length=80), slug_for(label, prefix="rating", length=80)
    if (scale_slug, slug) not in found:
        # The first scale and label seen win: a re-import with other casing changes nothing.
        bounds = {"best_value": int(best), "worst_value": int(worst)} if numeric else {}
        scale = RatingScale.objects.filter(slug=scale_slug).first()
        scale = scale or _upsert(RatingScale, {"slug": scale_slug}, {"name": name[:120], **bounds})[0]
        existing = Rating.objects.filter(scale=scale, slug=slug).first()
        made = existing or _upsert(Rating, {"scale": scale, "slug": slug}, {"label": label, "value": value})[0]
        found[scale_slug, slug] = made.pk
    found[owner, rating] = found[scale_slug, slug]
    return found[owner, rating]


def _date(value) -> date | None:
    parsed = _datetime(value)
    return parsed.date() if parsed else None


def _datetime(value) -> datetime | None:
    if not value:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    parsed = parse_datetime(value) or (parse_date(value) and datetime.combine(parse_date(value), datetime.min.time()))
    if not parsed:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


# --- LIAR ----------------------------------------------------------------------------------------
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
            publisher, _ = _upsert(Speaker, {"slug": "politifact"}, {"name": "PolitiFact", "kind": "organization"})
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
                    report.reject(f"{where}: {_message(error)}")
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
    liar_id, label, statement, subjects, speaker_slug, job, state, party = (c.strip() for c in row[:8])
    if not liar_id or not statement:
        raise ValueError("the id and the statement are required")
    if label not in LIAR_LABELS:
        raise ValueError(f"unknown label {label!r} (expected one of {', '.join(LIAR_LABELS)})")
    topics = [t.strip()[:200] for t in subjects.split(",") if t.strip()]
    speaker = " ".join(part.capitalize() for part in re.split(r"[-_]+", speaker_slug) if part)[:200]
    return _LiarRow(where, liar_id, label, statement, topics, speaker, job[:200], state[:80], party[:80],
                    row[13].strip(), uuid.uuid5(NAMESPACE, f"liar:{liar_id}"),
                    uuid.uuid5(NAMESPACE, f"liar-review:{liar_id}"),
                    _speaker_slug(speaker_slug) if speaker else "")  # fmt: skip


class _LiarLoader:
    """LIAR rows in, `IMPORT_BATCH` at a time (see `_Batch`)."""

    def __init__(self, ratings: dict, publisher: Speaker, report: ImportReport):
        self.ratings, self.publisher, self.report = ratings, publisher, report
        self.batch = _Batch(report, Speaker, Claim, Review)
        self.rows: list[_LiarRow] = []

    def add(self, row: _LiarRow) -> None:
        self.rows.append(row)
        if len(self.rows) >= IMPORT_BATCH:
            self.load()

    def load(self) -> None:
        rows, self.rows = self.rows, []
        self.batch.look_up(Speaker, "slug", {r.slug for r in rows if r.slug}, SPEAKER_LOOKUP)
        self.batch.look_up(Claim, "uid", {r.claim_uid for r in rows}, LIAR_CLAIM_FIELDS)
        self.batch.look_up(Review, "uid", {r.review_uid for r in rows}, LIAR_REVIEW_FIELDS)
        for row in rows:
            try:
                outcome = self.row(row)
            except ValidationError as error:
                self.report.reject(f"{row.where}: {_message(error)}")
                continue
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
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
