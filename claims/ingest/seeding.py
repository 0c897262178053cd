"""Load seed documents and natural-key fixtures without clobbering editors' work.

Plain ``loaddata`` overwrites every field it loads. Here each record is merged three ways: the
value in the seed file, the value in the database, and the value load_seeds last wrote
(kept in SeedRecord). A field changes only when the database still holds what the seed last
wrote, so a value an editor set after seeding survives every reload. Every record written has
its history row, so the audit trail records the load.

A load looks natural keys up in bulk, a file at a time, and remembers them (`known_natural_keys`).
New records of the claims models wait in `NewRows` and are written with COPY, their history and
SeedRecords with them; they are checked first as `full_clean` checks them (their fields, then
the model's `clean()`). Everything else, and every stored record the seeds change, goes through
`save()`, after the waiting records are written.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from claims.ingest.copy_rows import NewRows, refused_row
from claims.models import Appearance, Quote, SeedRecord, Source
from claims.natural_keys import NaturalKeyManager, known_natural_keys
from claims.versioning import Versioned

CHANGE_REASON = "load_seeds"


class SeedError(Exception):
    """A seed file that cannot be loaded; the message names the file and record."""


class _Refused(SeedError):
    """PostgreSQL refused a waiting record: the message already names it."""


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    suggested: int = 0
    kept: list[str] = field(default_factory=list)
    deleted: set[tuple[str, str]] = field(default_factory=set)

    @property
    def changed_nothing(self) -> bool:
        return self.created == 0 and self.updated == 0 and self.suggested == 0

    def summary(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        kept = f"; kept {len(self.kept)} editor change(s)" if self.kept else ""
        kept += f"; {self.suggested} quote suggestion(s) for unannotated documents" if self.suggested else ""
        lead = "Seeds already up to date: nothing to change" if self.changed_nothing else "Seeds loaded"
        return f"{lead} ({counts}{kept})."


def load_seeds(seeds_dir: Path | None = None, *, dry_run: bool = False) -> SeedReport:
    """Load seeds/articles/*.json then seeds/fixtures/*.json in one transaction."""
    seeds_dir = Path(seeds_dir or settings.SEEDS_DIR)
    report = SeedReport()
    keys, reading = known_natural_keys.set({}), True
    try:
        with transaction.atomic():
            # A seed update may change an article's body and its quotes' offsets together: the
            # anchor triggers wait for the whole load, then run once, before the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            loader = _Loader(report)
            paths = sorted((seeds_dir / "articles").glob("*.json"))
            articles = [(_where(path, 1, "claims.source"), _article_record(path)) for path in paths]
            loader.load(articles)
            for path in sorted((seeds_dir / "fixtures").glob("*.json")):
                records = _read_fixture(path)
                loader.load([(_where(path, n, r["model"]), r) for n, r in enumerate(records, start=1)])
            loader.write()
            known_natural_keys.reset(keys)  # what follows may look records up as anyone does
            reading = False
            _check_deferred_constraints(seeds_dir)
            _suggest_for_unannotated([record["fields"]["slug"] for _, record in articles], report)
            if dry_run:
                transaction.set_rollback(True)
    finally:
        if reading:
            known_natural_keys.reset(keys)
    return report


def _check_deferred_constraints(seeds_dir: Path) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except DatabaseError as error:
        message = str(error).splitlines()[0]
        raise SeedError(f"{_display(seeds_dir)}: after loading every file: {message}") from error


def _suggest_for_unannotated(slugs: list[str], report: SeedReport) -> None:
    """Seed documents without a curated annotation get the extractor's suggestions, once."""
    from claims.services import source_extract_suggestions

    for source in Source.objects.filter(slug__in=slugs, quotes__isnull=True):
        report.suggested += source_extract_suggestions(source=source).created


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(f"{_display(path)}: cannot read the file ({error})") from error
    except json.JSONDecodeError as error:
        raise SeedError(
            f"{_display(path)}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from error


def _read_fixture(path: Path) -> list[dict]:
    records = _read_json(path)
    if not isinstance(records, list):
        raise SeedError(f"{_display(path)}: a fixture is a JSON list of records")
    for number, record in enumerate(records, start=1):
        if not (
            isinstance(record, dict) and isinstance(record.get("model"), str) and isinstance(record.get("fields"), dict)
        ):
            raise SeedError(f'{_display(path)}: record {number}: needs "model" (a string) and "fields" (an object)')
        if "pk" in record:
            raise SeedError(f"{_display(path)}: record {number} ({record['model']}): seeds use natural keys, not pk")
    return records


ARTICLE_FIELDS = {
    "slug",
    "title",
    "kind",
    "language",
    "url",
    "outlet",
    "authors",
    "published_at",
    "retrieved_at",
    "archive_url",
    "body_file",
}


def _article_record(path: Path) -> dict:
    """Turn an article's metadata file and its body file into a claims.source record."""
    meta = _read_json(path)
    if not isinstance(meta, dict) or not isinstance(meta.get("body_file"), str):
        raise SeedError(f'{_display(path)}: record 1 (claims.source): an article needs a "body_file"')
    unknown = sorted(set(meta) - ARTICLE_FIELDS)
    if unknown:
        raise SeedError(f"{_display(path)}: record 1 (claims.source): unknown field(s) {', '.join(unknown)}")
    body_path = path.parent / meta["body_file"]
    try:
        body = body_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(
            f"{_display(path)}: record 1 (claims.source): cannot read {meta['body_file']} ({error})"
        ) from error
    fields = {key: value for key, value in meta.items() if key != "body_file"}
    if fields.get("outlet") is not None:
        fields["outlet"] = [fields["outlet"]]
    return {"model": "claims.source", "fields": {**fields, "body": body}}


def _where(path: Path, number: int, model) -> str:
    return f"{_display(path)}: record {number} ({model})"


class _Loader:
    """Records a file at a time: natural keys looked up together, new records written together."""

    write_with_copy = True  # new records of the claims models through NewRows (tests compare with save())

    def __init__(self, report: SeedReport):
        self.report = report
        self.new: dict = {}  # model -> NewRows
        self.waiting: dict = defaultdict(list)  # model -> where each waiting record comes from
        # as Claim.appearances.set() and SeedRecord.objects.create() write them: without history
        self.appearances = NewRows(Appearance, change_reason=CHANGE_REASON, history=False)
        self.seed_records = NewRows(SeedRecord, change_reason=CHANGE_REASON, history=False)
        self.seeded: dict[str, set[str]] = defaultdict(set)  # label -> keys with a SeedRecord, as JSON
        self.looked_up: dict[str, set[str]] = defaultdict(set)  # label -> keys whose SeedRecord was looked up
        self.sources: dict[int, Source] = {}  # bodies that quotes are anchored in
        self.stored: dict[tuple, _Stored] = {}  # (model, pk) -> a stored record read ahead, until merged

    def load(self, records: list[tuple[str, dict]]) -> None:
        self.look_up(record for _, record in records)
        for where, record in records:
            try:
                record = _without_deleted_references(record, self.report)
                if record is None:
                    continue
                if not _plain_key(apps.get_model(record["model"])):
                    self.write()  # its natural key reads related records, which may be waiting
                deserialized = next(serializers.deserialize("python", [record]))
                _check_identity(deserialized.object, record)
                self.place(deserialized, record, where)
            except _Refused:
                raise
            except SeedError as error:
                raise SeedError(f"{where}: {error}") from error
            except ValidationError as error:
                raise SeedError(f"{where}: {'; '.join(_flatten(error))}") from error
            except (
                DeserializationError,
                LookupError,
                ArithmeticError,
                ObjectDoesNotExist,
                DatabaseError,
                TypeError,
                ValueError,
            ) as error:
                message = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise SeedError(f"{where}: {message}") from error

    def look_up(self, records) -> None:
        """The records' own keys, read at once for models keyed by one field (slug, uid): found,
        found by the key they were seeded under, or absent (and whether seeded once). The records
        found are read ahead for their merge."""
        known = known_natural_keys.get()
        wanted = defaultdict(dict)  # model -> normal key -> the key as written
        for record in records:
            try:
                model = apps.get_model(record["model"])
            except (LookupError, ValueError):
                continue  # the record names its error when it is loaded
            manager = model._default_manager
            if not _plain_key(model) or len(manager.key_fields) != 1:
                continue
            value = record["fields"].get(manager.key_fields[0])
            if not (isinstance(value, str) and _storable(value)):
                continue  # as above
            try:
                normal = manager.normal_key((value,))
            except ValidationError:
                continue  # as above
            if (model, normal) not in known:
                wanted[model][normal] = value
        for model, keys in wanted.items():
            manager, label = model._default_manager, model._meta.label_lower
            name = manager.key_fields[0]
            rows = manager.filter(**{f"{name}__in": [k for (k,) in keys]}).order_by().values_list(name, "pk")
            found = dict(rows)
            as_json = {_key(list(map(str, normal))): normal for normal in keys}
            seeded = SeedRecord.objects.filter(model=label, key__in=[json.loads(k) for k in as_json])
            seeded = {_key(key): object_id for key, object_id in seeded.values_list("key", "object_id")}
            renamed = [seeded[text] for text, normal in as_json.items() if normal[0] not in found and text in seeded]
            alive = set(manager.filter(pk__in=renamed).order_by().values_list("pk", flat=True))
            for text, normal in as_json.items():
                if normal[0] in found:
                    known[model, normal] = manager.deferred(found[normal[0]])
                else:  # renamed since seeded: still found by its seed key; deleted: None
                    known[model, normal] = manager.deferred(seeded[text]) if seeded.get(text) in alive else None
            self.looked_up[label] |= as_json.keys()
            self.seeded[label] |= seeded.keys()
            self.stored |= _read_ahead(model, [*found.values(), *alive])

    def place(self, deserialized, record: dict, where: str) -> None:
        """A new record waits to be written; anything else is merged with what is stored (`_merge`)."""
        obj = deserialized.object
        label = obj._meta.label_lower
        key = json.loads(json.dumps(obj.natural_key(), cls=DjangoJSONEncoder))
        if obj.pk is None and self.write_with_copy and _can_copy(type(obj), frozenset(deserialized.m2m_data)):
            if _key(key) in self.seeded[label] or (
                _key(key) not in self.looked_up[label] and SeedRecord.objects.filter(model=label, key=key).exists()
            ):
                _deleted_by_an_editor(self.report, label, key)
                return
            self.add(deserialized, record, key, where)
            return
        self.write()  # what follows reads the database, and may read records still waiting
        if type(obj) is Source:
            self.sources.pop(obj.pk, None)  # its body may change
        _merge(deserialized, record, self.report, self.stored.pop((type(obj), obj.pk), None))
        if obj.pk is not None and isinstance(obj._meta.default_manager, NaturalKeyManager):
            self.remember(obj)

    def add(self, deserialized, record: dict, key, where: str) -> None:
        """Check a new record as `full_clean` does and keep it for the next write."""
        obj, model = deserialized.object, type(deserialized.object)
        rows = self.new.get(model) or self.new.setdefault(model, NewRows(model, change_reason=CHANGE_REASON))
        errors = {}
        for f in rows.fields:
            value = getattr(obj, f.attname)
            if not f.is_relation:
                continue
            if value is None and not f.null:
                errors[f.name] = ["This field cannot be null."]
            elif value is not None and (f.remote_field.limit_choices_to or not isinstance(record["fields"].get(f.name),
                                                                                           list)):  # fmt: skip
                # A choice limited to some records, or a primary key the deserializer did not look
                # up: the database says, once it holds what is waiting.
                self.write()
                try:
                    f.validate(value, obj)
                except ValidationError as error:
                    errors[f.name] = error.messages
        values = {name: getattr(obj, name) for name in rows.attnames if name not in rows.stamped}
        try:
            checked = rows.check(values)
        except ValidationError as error:
            errors |= error.message_dict
        for name, value in values.items():
            if name not in errors and not _storable(value):
                errors[name] = ["Text with a NUL character or a lone surrogate cannot be stored."]
        if errors:
            raise ValidationError(errors)
        if model is Quote:  # its context comes from its source's body
            obj.source = self.source(obj.source_id)
        if isinstance(obj, Versioned):
            obj.derive()  # what save() adds
        obj.clean()
        derived = {name: getattr(obj, name) for name in values if getattr(obj, name) is not values[name]}
        obj.pk = rows.add_checked(checked | rows.check(derived))
        self.waiting[model].append(where)
        if model is Source:
            self.sources[obj.pk] = obj
        self.remember(obj)
        for quote_ids in deserialized.m2m_data.values():
            for quote_id in dict.fromkeys(quote_ids):
                self.appearances.add(claim_id=obj.pk, quote_id=quote_id)
        values = _seed_values(deserialized, record)
        self.seed_records.add(model=obj._meta.label_lower, key=key, object_id=obj.pk, values=values)
        self.report.created += 1

    @staticmethod
    def remember(obj: models.Model) -> None:
        """A record made in this load: later records find it by its key, written or waiting."""
        manager = obj._meta.default_manager
        known_natural_keys.get()[type(obj), manager.normal_key(obj.natural_key())] = manager.deferred(obj.pk)

    def source(self, pk: int) -> Source:
        if pk not in self.sources:
            self.sources[pk] = Source.objects.only("body").get(pk=pk)
        return self.sources[pk]

    def write(self) -> None:
        """Write the waiting records, their history, appearances and SeedRecords."""
        if not self.waiting:
            return
        try:
            with transaction.atomic():
                for rows in [*self.new.values(), self.appearances, self.seed_records]:
                    rows.flush()
        except (DatabaseError, ValueError) as error:  # PostgreSQL's refusal, or psycopg's
            message = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise _Refused(f"{refused_row(error, self.waiting)}: {message}") from error
        self.waiting = defaultdict(list)


@cache
def _can_copy(model, m2m_fields: frozenset) -> bool:
    """Models with a history, whose only many-to-many is a claim's appearances."""
    return (
        model._meta.app_label == "claims"
        and hasattr(model, "history")
        and all(model._meta.get_field(name).remote_field.through is Appearance for name in m2m_fields)
    )


def _storable(value) -> bool:
    """Whether PostgreSQL can store the value's text: no NUL character, no lone surrogate."""
    if isinstance(value, str):
        return "\x00" not in value and (value.isascii() or _encodes(value))
    if isinstance(value, list | tuple):
        return all(map(_storable, value))
    if isinstance(value, dict):
        return all(map(_storable, value)) and all(map(_storable, value.values()))
    return True


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_key(model) -> bool:
    """Whether the model's natural key is its own fields' values (not a related record's)."""
    manager = model._default_manager
    return isinstance(manager, NaturalKeyManager) and not any("__" in name for name in manager.key_fields)


def _without_deleted_references(record: dict, report: SeedReport) -> dict | None:
    """Drop references to seeded records an editor deleted; skip a record that needs one."""
    model = apps.get_model(record["model"])
    fields = dict(record["fields"])
    for name, value in record["fields"].items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # the deserializer names it
        if not field.is_relation or value is None:
            continue
        label = field.related_model._meta.label_lower
        if field.many_to_many and isinstance(value, list):
            fields[name] = [item for item in value if (label, _key(item)) not in report.deleted]
        elif (label, _key(value)) in report.deleted:
            report.kept.append(f"{record['model']} (needs {label} {value}, deleted by an editor)")
            return None
    return {**record, "fields": fields}


def _key(value) -> str:
    return json.dumps(value if isinstance(value, list) else [value], cls=DjangoJSONEncoder)


def _flatten(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages


def _check_identity(obj: models.Model, record: dict) -> None:
    if not hasattr(obj, "natural_key"):
        raise SeedError("the model has no natural key, so it cannot be seeded")
    if any(f.name == "uid" for f in obj._meta.fields) and "uid" not in record["fields"]:
        raise SeedError('needs a "uid": it identifies the record across loads')


def _seed_values(deserialized, record: dict) -> dict:
    """The record's values as SeedRecord keeps them."""
    obj = deserialized.object
    fields = [obj._meta.get_field(name) for name in record["fields"]]
    values = {f.name: _canonical(f, f.value_from_object(obj)) for f in fields if not f.many_to_many}
    return values | {f.name: sorted(deserialized.m2m_data.get(f.name, [])) for f in fields if f.many_to_many}


@dataclass
class _Stored:
    """A stored record read ahead of its merge, with its SeedRecord and many-to-many values."""

    record: models.Model
    seed_record: SeedRecord | None
    m2m: dict[str, list[int]]


def _read_ahead(model, pks: list[int]) -> dict[tuple, _Stored]:
    """(model, pk) -> the stored record, for the records of a file that are stored already."""
    records = model._default_manager.in_bulk(pks)
    seed_records = {}
    for seed_record in SeedRecord.objects.filter(model=model._meta.label_lower, object_id__in=pks).order_by("id"):
        seed_records.setdefault(seed_record.object_id, seed_record)
    m2m = defaultdict(lambda: defaultdict(list))
    for f in model._meta.many_to_many:
        owner, other = f.m2m_field_name(), f.m2m_reverse_field_name()
        links = f.remote_field.through._default_manager.filter(**{f"{owner}__in": pks}).values_list(owner, other)
        for pk, target in links:
            m2m[pk][f.name].append(target)
    return {(model, pk): _Stored(record, seed_records.get(pk), m2m[pk]) for pk, record in records.items()}


def _deleted_by_an_editor(report: SeedReport, label: str, key: list) -> None:
    """A record seeded once and since deleted by an editor stays deleted, and so do records that need it."""
    report.deleted.add((label, _key(key)))
    report.kept.append(f"{label} {key} (deleted by an editor)")


def _merge(deserialized, record: dict, report: SeedReport, stored: _Stored | None = None) -> None:
    obj = deserialized.object
    model = type(obj)
    fields = [model._meta.get_field(name) for name in record["fields"]]
    seed_values = _seed_values(deserialized, record)
    key = json.loads(json.dumps(obj.natural_key(), cls=DjangoJSONEncoder))
    label = model._meta.label_lower

    if obj.pk is None:  # the deserializer found no row with this natural key
        if SeedRecord.objects.filter(model=label, key=key).exists():
            _deleted_by_an_editor(report, label, key)
            return
        _save(obj, deserialized.m2m_data, update_fields=None)
        SeedRecord.objects.create(model=label, key=key, object_id=obj.pk, values=seed_values)
        report.created += 1
        return

    if stored is None:
        current = model._default_manager.get(pk=obj.pk)
        seed_record = SeedRecord.objects.filter(model=label, object_id=current.pk).first()
    else:
        current, seed_record = stored.record, stored.seed_record
    last_seeded = seed_record.values if seed_record else {}
    to_apply, merged = [], dict(last_seeded)
    for f in fields:
        now = _current_value(current, f, stored)
        new = seed_values[f.name]
        if now == new:
            merged[f.name] = new
        elif last_seeded.get(f.name, _canonical(f, f.get_default()) if not f.many_to_many else []) == now:
            to_apply.append(f)
            merged[f.name] = new
        else:
            report.kept.append(f"{label} {key} {f.name}")
    if to_apply:
        for f in to_apply:
            if not f.many_to_many:
                setattr(current, f.attname, getattr(obj, f.attname))
        m2m = {f.name: deserialized.m2m_data.get(f.name, []) for f in to_apply if f.many_to_many}
        concrete = [f.name for f in to_apply if not f.many_to_many]
        _save(current, m2m, update_fields=concrete)
        report.updated += 1
    else:
        report.unchanged += 1
    if seed_record is None:
        SeedRecord.objects.create(model=label, key=key, object_id=current.pk, values=merged)
    elif merged != last_seeded:
        seed_record.values = merged
        seed_record.save(update_fields=["values", "loaded_at"])


def _current_value(obj: models.Model, f, stored: _Stored | None):
    if f.many_to_many:
        pks = stored.m2m.get(f.name, []) if stored else getattr(obj, f.name).values_list("pk", flat=True)
        return sorted(pks)
    return _canonical(f, f.value_from_object(obj))


def _save(obj: models.Model, m2m_data: dict, *, update_fields: list[str] | None) -> None:
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj._change_reason = CHANGE_REASON  # read by django-simple-history
    if update_fields is None:
        obj.save()
    elif update_fields:
        if any(f.name == "updated_at" for f in obj._meta.fields):
            update_fields = [*update_fields, "updated_at"]
        obj.save(update_fields=update_fields)
    for name, pks in m2m_data.items():
        getattr(obj, name).set(pks)


def _canonical(f, value):
    """A JSON value that compares equal for equal field values, however they were written."""
    if value is None:
        return None
    if isinstance(f, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places)))
    if type(value) in (str, int, bool):  # JSON already
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


# --- dumping ---------------------------------------------------------------------------------
SEED_FIELDS = {
    "auth.group": ["name", "permissions"],
    "claims.ratingscale": ["slug", "name", "description", "best_value", "worst_value"],
    "claims.rating": ["scale", "slug", "label", "value", "description"],
    "claims.speaker": ["slug", "name", "kind", "description", "aliases", "wikidata_id", "organization", "is_private",
                       "job_title", "state", "party"],
    "claims.source": ["slug", "title", "url", "outlet", "authors", "published_at", "kind", "language", "body",
                      "retrieved_at", "archive_url"],
    "claims.measure": ["slug", "name", "event", "counted", "unit", "description", "varies_over_time"],
    "claims.measurerelation": ["smaller", "larger", "note"],
    "claims.quote": ["uid", "source", "speaker", "text", "kind", "cue", "speaker_mention", "role", "start", "end",
                     "anchor_status", "stated_on", "context", "extracted_by", "confidence", "review_status"],
    "claims.claim": ["uid", "text", "claimant", "topics", "context", "stated_on", "appearance_urls", "status",
                     "checkworthiness"],
    "claims.quantity": ["uid", "claim", "surface", "qualifier", "value", "value_to", "unit", "measured", "measure",
                        "as_of"],
    "claims.review": ["uid", "claim", "rating", "explanation", "evidence", "url", "status", "published_at",
                      "publisher"],
}  # fmt: skip


def dump_seeds(output: Path) -> dict[str, int]:
    """Write the curated data as natural-key fixtures that `load_seeds --seeds-dir` reads back.

    Curated means what editors stand behind: confirmed quotes, claims past the draft stage with
    their quantities, published reviews, and everything those refer to.
    """
    from django.contrib.auth.models import Group

    from claims.models import Claim, Measure, MeasureRelation, Quantity, Quote, Rating, RatingScale, Review, Speaker

    quotes = Quote.objects.confirmed().select_related("source", "speaker").order_by("source__slug", "start")
    claims = Claim.objects.exclude(status=Claim.Status.DRAFT).order_by("uid").prefetch_related("appearances")
    files = {
        "1-rating-scales.json": [*RatingScale.objects.order_by("slug"),
                                 *Rating.objects.order_by("scale__slug", "slug")],
        "2-groups.json": list(Group.objects.order_by("name")),
        "3-curated.json": [
            *_speakers_in_dependency_order(Speaker.objects.order_by("slug")),
            *Source.objects.order_by("slug"), *Measure.objects.order_by("slug"),
            *MeasureRelation.objects.order_by("smaller__slug", "larger__slug"), *quotes, *claims,
            *Quantity.objects.filter(claim__in=claims).order_by("uid"),
            *Review.objects.filter(status=Review.Status.PUBLISHED, claim__in=claims).order_by("uid"),
        ],
    }  # fmt: skip
    confirmed = {quote.pk: str(quote.uid) for quote in quotes}
    (output / "fixtures").mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, objects in files.items():
        records = [_seed_record(obj, confirmed) for obj in objects]
        text = json.dumps(records, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
        (output / "fixtures" / name).write_text(text + "\n", encoding="utf-8")
        counts[name] = len(records)
    return counts


def _seed_record(obj: models.Model, confirmed_quotes: dict[int, str]) -> dict:
    label = obj._meta.label_lower
    [record] = serializers.serialize(
        "python", [obj], fields=SEED_FIELDS[label], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    fields = {name: record["fields"][name] for name in SEED_FIELDS[label] if name in record["fields"]}
    if label == "claims.claim":  # appearances go through a model of their own, which serializers skip
        fields["appearances"] = [[confirmed_quotes[q.pk]] for q in obj.appearances.all() if q.pk in confirmed_quotes]
    return {"model": label, "fields": fields}


def _speakers_in_dependency_order(speakers) -> list:
    """Organisations before the speakers that belong to them."""
    remaining, ordered, placed = list(speakers), [], set()
    while remaining:
        ready = [s for s in remaining if s.organization_id is None or s.organization_id in placed]
        ready = ready or remaining  # a cycle: write the rest as they are
        ordered += ready
        placed |= {s.pk for s in ready}
        remaining = [s for s in remaining if s.pk not in placed]
    return ordered
