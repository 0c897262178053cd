"""Import schema.org ClaimReview JSON-LD: the format fact-checkers publish their verdicts in.

Every file goes in one transaction; a review's identity is its URL, so importing again changes
only what the file changed (`claims.ingest.importing` says how records are written).
"""

import codecs
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from claims.ingest import importing
from claims.ingest.claimreview import ClaimReviewError, documents_in
from claims.ingest.importing import Batch, ImportFailure, ImportReport, message, slug_for, speaker_slug, upsert
from claims.models import Claim, Rating, RatingScale, Review, Speaker

CLAIMREVIEW_CLAIM_FIELDS = ("text", "claimant_id", "status", "stated_on", "appearance_urls")
CLAIMREVIEW_REVIEW_FIELDS = ("claim_id", "rating_id", "publisher_id", "explanation", "published_at", "status",
                             "claim_reviewed")  # fmt: skip


def claimreview_import(paths: list[Path]) -> ImportReport:
    """Import every file in one transaction: a bad record anywhere leaves the database as it was."""
    report = ImportReport()
    with transaction.atomic():
        batch = Batch(report, Speaker, Claim, Review)
        ratings: dict[tuple, int] = {}  # scales and labels found or made, for the whole import
        for path in paths:
            records = _claimreview_file(path, report)
            for start in range(0, len(records), importing.IMPORT_BATCH):
                _claimreview_batch(batch, records[start : start + importing.IMPORT_BATCH], ratings, report)
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
            raise ImportFailure(f"{path}: {where}: {message(error)}") from error
    return records


def _claimreview_batch(batch: Batch, records: list[_Review], ratings: dict, report: ImportReport) -> None:
    speakers = {speaker_slug(r.publisher) for r in records if r.publisher}
    speakers |= {speaker_slug(r.claimant[0]) for r in records if r.claimant}
    batch.look_up(Speaker, "slug", speakers, importing.SPEAKER_LOOKUP)
    batch.look_up(Review, "url", {r.url for r in records}, ("claim__uid", *CLAIMREVIEW_REVIEW_FIELDS))
    claim_uids = {}  # a known review keeps its claim
    for r in records:
        stored = batch.known.get((Review, r.url))
        claim_uids[r.url] = stored["claim__uid"] if stored else uuid.uuid5(importing.NAMESPACE, f"claimreview:{r.url}")
    batch.look_up(Claim, "uid", set(claim_uids.values()), CLAIMREVIEW_CLAIM_FIELDS)
    for r in records:
        try:
            outcome = _claimreview_store(batch, r, claim_uids[r.url], ratings)
        except ImportFailure:
            raise
        except (ValidationError, ValueError) as error:
            raise ImportFailure(f"{r.where}: {message(error)}") from error
        report.count(outcome)
    batch.done()


def _claimreview_store(batch: Batch, r: _Review, claim_uid: uuid.UUID, ratings: dict) -> str:
    publisher, owner = None, ""
    if r.publisher:
        slug = speaker_slug(r.publisher)
        publisher = batch.speaker(slug, r.where, name=r.publisher, kind=Speaker.Kind.ORGANIZATION)
        owner = batch.known[Speaker, slug]["name"]  # the stored name, as the speaker's str() gives it
    claimant = None
    if r.claimant:
        name, kind, extra = r.claimant
        claimant = batch.speaker(speaker_slug(name), r.where, name=name, kind=kind, **extra)
    claim_id, claim_outcome = batch.put(Claim, "uid", claim_uid, r.where, {**r.claim, "claimant_id": claimant})
    _, review_outcome = batch.put(Review, "url", r.url, r.where, {
        "claim_id": claim_id, "rating_id": _rating(owner or "Imported", r.rating, ratings), "publisher_id": publisher,
        "explanation": r.explanation or f"Rated “{r.rating[0]}” by {owner or 'the publisher'}.",
        "published_at": r.published_at, "status": Review.Status.PUBLISHED, "claim_reviewed": r.claim["text"],
    })  # fmt: skip
    outcomes = {claim_outcome, review_outcome}
    return "created" if review_outcome == "created" else "updated" if "updated" in outcomes else "unchanged"


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
        scale = scale or upsert(RatingScale, {"slug": scale_slug}, {"name": name[:120], **bounds})[0]
        existing = Rating.objects.filter(scale=scale, slug=slug).first()
        made = existing or upsert(Rating, {"scale": scale, "slug": slug}, {"label": label, "value": value})[0]
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
