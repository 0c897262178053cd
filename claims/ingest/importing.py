"""What the importers share: their report, their errors, and the batches they write records in.

Both importers (`claimreview_import`, `liar_import`) are idempotent (a record's identity comes
from the file: the review URL, the LIAR id) and atomic: by default one bad record stops the
import and nothing is written. Records go in batches (`Batch`): what a batch refers to is read
with one query per model, new records are written with COPY (`claims.ingest.copy_rows`: the
fields' checks and the history rows included), and a stored record the file changes is saved
through `upsert` — a published verdict through `services.review_update`, as an editor's change is.
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from claims.ingest.copy_rows import NewRows, Refused, write_together
from claims.ingest.editor_changes import LoadReport, changes_to_apply
from claims.models import Review, Speaker
from claims.services import WorkflowError, review_update

NAMESPACE = uuid.UUID("8f7d3c2a-5b1e-4c6d-9a0f-3e2b1c4d5a6f")  # identities derived from imported ids
REJECT_LIMIT = 50  # reject lines listed in a report
CHANGE_REASON = "import"  # in the history of every record an import writes
IMPORT_BATCH = 1000  # records looked up and written together
SPEAKER_LOOKUP = ("name", "job_title", "state", "party", "wikidata_id")  # what `Batch.speaker` compares


class ImportFailure(ValueError):
    """A file that cannot be imported; the message names the file and the record."""


@dataclass
class ImportReport(LoadReport):
    read: int = 0
    rejected: list[str] = field(default_factory=list)  # the first REJECT_LIMIT, with their line numbers
    rejected_count: int = 0

    def reject(self, message: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < REJECT_LIMIT:
            self.rejected.append(message)

    def summary(self) -> str:
        rejected = f", {self.rejected_count} rejected" if self.rejected_count else ""
        return f"{self.read} read, {self.counts(also=rejected)}."


def message(error: Exception) -> str:
    """An error as one line for a report: a ValidationError's fields and messages, else its text."""
    if isinstance(error, ValidationError):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in getattr(error, "message_dict", {"": error.messages}).items())
    return str(error) or type(error).__name__


def upsert(model, lookup: dict, values: dict) -> tuple[object, str]:
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


def review_upsert(lookup: dict, values: dict, where: str, *, since) -> Review:
    """Change a stored review. One written before `since` (this import's start) readers may have
    seen: it goes through `review_update`, so a changed published verdict is a correction with a
    note readers see, as an editor's change would be."""
    review = Review.objects.get(**lookup)
    for name, value in values.items():
        setattr(review, name, value)
    review.full_clean(validate_constraints=False, validate_unique=False)
    review._change_reason = CHANGE_REASON
    if review.created_at >= since:
        review.save()
        return review
    try:
        return review_update(review=review, changes={}, user=None,
                             note=f"The publisher changed this verdict (re-imported from {where}).")  # fmt: skip
    except WorkflowError as error:
        raise ImportFailure(f"{where}: {error}") from error


def slug_for(text: str, *, prefix: str, length: int = 120) -> str:
    """A slug for any script ("josé-peralta", "владимир-путин"); a stable hash when nothing is left."""
    slug = slugify(text, allow_unicode=True)[:length].strip("-")
    return slug or f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:12]}"


@lru_cache(maxsize=4096)
def speaker_slug(name: str) -> str:
    return slug_for(name, prefix="speaker")  # a feed names the same few speakers over and over


class Batch:
    """An import's records, a batch at a time: what the batch refers to is read with one query per
    model (`look_up`), new records wait in `NewRows` and are written with COPY (`write`); a record
    already stored that the file changes goes through `upsert`, after everything waiting is
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
        if model is Review:
            pk, outcome = review_upsert({key: value}, values, where, since=self.started).pk, "updated"
        else:
            obj, outcome = upsert(model, {key: value}, values)
            pk = obj.pk
        known.update(values)
        return pk, outcome

    def unedited(self, model, known: dict, values: dict, where: str) -> dict:
        """The file's values, but where someone changed a field since the last import wrote it:
        that change is kept (and reported), as load_seeds keeps editors' changes to seeds."""
        stored = {name: known.get(name) for name in values}
        changed = [name for name, value in values.items() if not _holds(known, {name: value})]
        imported = model.history.filter(id=known["id"], history_change_reason=CHANGE_REASON)
        last = imported.order_by("-history_date", "-history_id").values(*changed).first()
        changes = changes_to_apply(stored, values, last or {})
        for name in changes.kept:
            self.report.kept.append(f"{where}: {model._meta.verbose_name} {known['id']} {name}")
        return {name: value for name, value in values.items() if name not in changes.kept}

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
            upsert(Speaker, {"slug": slug}, updates)
        known.update(updates)
        return known["id"]

    def write(self) -> None:
        """Write every record waiting, all or none: a refused one is named by where it came from."""
        if not self.waiting:
            return
        try:
            write_together(list(self.new.values()))
        except Refused as refused:
            raise ImportFailure(f"{refused.place(self.waiting)}: {refused.message}") from refused
        self.waiting = {}

    def done(self) -> None:
        """Write the batch and forget it: the next batch reads what it needs again."""
        self.write()
        self.known.clear()


def _holds(known: dict, values: dict) -> bool:
    """Whether a record read or waiting already has these values."""
    return all(name in known and known[name] == value for name, value in values.items())
