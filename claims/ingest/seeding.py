"""Load seed documents and natural-key fixtures without clobbering editors' work.

Plain ``loaddata`` overwrites every field it loads. Here each record is merged three ways
(`claims.ingest.seed_merge`): the value in the seed file, the value in the database, and the
value load_seeds last wrote (kept in SeedRecord). A field changes only when the database still
holds what the seed last wrote, so a value an editor set after seeding survives every reload.
Every record written has its history row, so the audit trail records the load.

A load looks natural keys up in bulk, a file at a time, and remembers them
(`natural_keys.remembered_keys`). New records of the claims models wait in `NewRows` and are
written with COPY, their history and SeedRecords with them; they are checked first as
`full_clean` checks them (their fields, then the model's `derive()` and `clean()`, as `save()`
calls them). Everything else, and every stored record the seeds change, goes through `save()`.
Whatever reads the database during a load reads the waiting records too: the loader writes them
before any query but its own.
"""

import json
from collections import defaultdict
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from claims.ingest.copy_rows import NewRows, Refused, write_together
from claims.ingest.seed_files import SeedError, article_record, display, place_of, read_fixture
from claims.ingest.seed_merge import (
    CHANGE_REASON,
    SeedReport,
    Stored,
    deleted_by_an_editor,
    key_text,
    merge,
    read_ahead,
    seed_values,
)
from claims.models import Appearance, SeedRecord, Source
from claims.natural_keys import KeyCache, NaturalKeyManager, remembered_keys
from claims.versioning import Versioned


class _Refused(SeedError):
    """PostgreSQL refused a waiting record: the message already names it."""


def load_seeds(seeds_dir: Path | None = None, *, dry_run: bool = False) -> SeedReport:
    """Load seeds/articles/*.json then seeds/fixtures/*.json in one transaction."""
    seeds_dir = Path(seeds_dir or settings.SEEDS_DIR)
    report = SeedReport()
    with transaction.atomic():
        # A seed update may change an article's body and its quotes' offsets together: the
        # anchor triggers wait for the whole load, then run once, before the commit.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        paths = sorted((seeds_dir / "articles").glob("*.json"))
        articles = [(place_of(path, 1, "claims.source"), article_record(path)) for path in paths]
        with remembered_keys() as keys, _Loader(report, keys).reading() as loader:
            loader.load(articles)
            for path in sorted((seeds_dir / "fixtures").glob("*.json")):
                records = read_fixture(path)
                loader.load([(place_of(path, n, r["model"]), r) for n, r in enumerate(records, start=1)])
        _check_deferred_constraints(seeds_dir)
        _suggest_for_unannotated([record["fields"]["slug"] for _, record in articles], report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _check_deferred_constraints(seeds_dir: Path) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except DatabaseError as error:
        message = str(error).splitlines()[0]
        raise SeedError(f"{display(seeds_dir)}: after loading every file: {message}") from error


def _suggest_for_unannotated(slugs: list[str], report: SeedReport) -> None:
    """Seed documents without a curated annotation get the extractor's suggestions, once."""
    from claims.services import source_extract_suggestions

    for source in Source.objects.filter(slug__in=slugs, quotes__isnull=True):
        report.suggested += source_extract_suggestions(source=source).created


class _Loader:
    """Records a file at a time: natural keys looked up together, new records written together."""

    write_with_copy = True  # new records of the claims models through NewRows (tests compare with save())

    def __init__(self, report: SeedReport, keys: KeyCache):
        self.report, self.keys = report, keys
        self.new: dict = {}  # model -> NewRows
        self.waiting: dict = defaultdict(list)  # model -> where each waiting record comes from
        # as Claim.appearances.set() and SeedRecord.objects.create() write them: without history
        self.appearances = NewRows(Appearance, change_reason=CHANGE_REASON, history=False)
        self.seed_records = NewRows(SeedRecord, change_reason=CHANGE_REASON, history=False)
        self.seeded: dict[str, set[str]] = defaultdict(set)  # label -> keys with a SeedRecord, as JSON
        self.looked_up: dict[str, set[str]] = defaultdict(set)  # label -> keys whose SeedRecord was looked up
        self.held: dict[tuple, models.Model] = {}  # (model, pk) -> a record others' derive() reads
        self.stored: dict[tuple, Stored] = {}  # (model, pk) -> a stored record read ahead, until merged
        self.busy = False  # running its own queries: nothing to write first

    @contextmanager
    def reading(self):
        """The load: every query but the loader's own first writes what is waiting, and so does the end."""
        with connection.execute_wrapper(self._write_first):
            yield self
            self.write()

    def _write_first(self, execute, sql, params, many, context):
        if self.waiting and not self.busy:
            self.write()
        return execute(sql, params, many, context)

    @contextmanager
    def own_queries(self):
        busy, self.busy = self.busy, True
        try:
            yield
        finally:
            self.busy = busy

    def load(self, records: list[tuple[str, dict]]) -> None:
        self.look_up(record for _, record in records)
        for where, record in records:
            try:
                record = _without_deleted_references(record, self.report)
                if record is None:
                    continue
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
        known = self.keys
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
            as_json = {key_text(list(map(str, normal))): normal for normal in keys}
            seeded = SeedRecord.objects.filter(model=label, key__in=[json.loads(k) for k in as_json])
            seeded = {key_text(key): object_id for key, object_id in seeded.values_list("key", "object_id")}
            renamed = [seeded[text] for text, normal in as_json.items() if normal[0] not in found and text in seeded]
            alive = set(manager.filter(pk__in=renamed).order_by().values_list("pk", flat=True))
            for text, normal in as_json.items():
                if normal[0] in found:
                    known[model, normal] = manager.deferred(found[normal[0]])
                else:  # renamed since seeded: still found by its seed key; deleted: None
                    known[model, normal] = manager.deferred(seeded[text]) if seeded.get(text) in alive else None
            self.looked_up[label] |= as_json.keys()
            self.seeded[label] |= seeded.keys()
            self.stored |= read_ahead(model, [*found.values(), *alive])

    def place(self, deserialized, record: dict, where: str) -> None:
        """A new record waits to be written; anything else is merged with what is stored (`merge`)."""
        obj = deserialized.object
        label = obj._meta.label_lower
        key = json.loads(json.dumps(obj.natural_key(), cls=DjangoJSONEncoder))
        if obj.pk is None and self.write_with_copy and _can_copy(type(obj), frozenset(deserialized.m2m_data)):
            if key_text(key) in self.seeded[label] or (
                key_text(key) not in self.looked_up[label] and SeedRecord.objects.filter(model=label, key=key).exists()
            ):
                deleted_by_an_editor(self.report, label, key)
                return
            self.add(deserialized, record, key, where)
            return
        self.held.pop((type(obj), obj.pk), None)  # it may change
        merge(deserialized, record, self.report, self.stored.pop((type(obj), obj.pk), None))
        if obj.pk is not None and isinstance(obj._meta.default_manager, NaturalKeyManager):
            self.keys.remember(type(obj), obj.natural_key(), obj.pk)

    def add(self, deserialized, record: dict, key, where: str) -> None:
        """Check a new record as `full_clean` does and keep it for the next write."""
        obj, model = deserialized.object, type(deserialized.object)
        rows = self.new.get(model) or self.new.setdefault(model, NewRows(model, change_reason=CHANGE_REASON))
        values = {name: getattr(obj, name) for name in rows.attnames if name not in rows.stamped}
        checked = self.checked(obj, rows, values, record)
        for name in getattr(model, "derived_from", ()):  # read once, not once a record
            setattr(obj, name, self.related(obj, name))
        if isinstance(obj, Versioned):
            obj.derive()  # as save() does
        obj.clean()
        derived = {name: getattr(obj, name) for name in values if getattr(obj, name) is not values[name]}
        with self.own_queries():
            obj.pk = rows.add_checked(checked | rows.check(derived))
            self.waiting[model].append(where)
            if model in _derived_from():
                self.held[model, obj.pk] = obj
            self.keys.remember(model, obj.natural_key(), obj.pk)
            for quote_ids in deserialized.m2m_data.values():
                for quote_id in dict.fromkeys(quote_ids):
                    self.appearances.add(claim_id=obj.pk, quote_id=quote_id)
            self.seed_records.add(model=obj._meta.label_lower, key=key, object_id=obj.pk,
                                  values=seed_values(deserialized, record))  # fmt: skip
        self.report.created += 1

    @staticmethod
    def checked(obj: models.Model, rows: NewRows, values: dict, record: dict) -> dict:
        """The values as `full_clean` checks a new record's fields; ValidationError for all that fail."""
        errors = {}
        for f in rows.fields:
            value = getattr(obj, f.attname)
            if not f.is_relation:
                continue
            if value is None and not f.null:
                errors[f.name] = ["This field cannot be null."]
            elif value is not None and (f.remote_field.limit_choices_to or not isinstance(record["fields"].get(f.name),
                                                                                           list)):  # fmt: skip
                # A choice limited to some records, or a primary key the deserializer did not look up
                try:
                    f.validate(value, obj)
                except ValidationError as error:
                    errors[f.name] = error.messages
        try:
            checked = rows.check(values)
        except ValidationError as error:
            checked, errors = {}, errors | error.message_dict
        for name, value in values.items():
            if name not in errors and not _storable(value):
                errors[name] = ["Text with a NUL character or a lone surrogate cannot be stored."]
        if errors:
            raise ValidationError(errors)
        return checked

    def related(self, obj: models.Model, name: str) -> models.Model:
        """The related record `name` that obj's derive() reads: made in this load, or read once."""
        f = obj._meta.get_field(name)
        held = (f.related_model, getattr(obj, f.attname))
        if held not in self.held:
            self.held[held] = f.related_model._default_manager.get(pk=held[1])
        return self.held[held]

    def write(self) -> None:
        """Write the waiting records, their history, appearances and SeedRecords."""
        if not self.waiting:
            return
        with self.own_queries():
            try:
                write_together([*self.new.values(), self.appearances, self.seed_records])
            except Refused as refused:
                raise _Refused(f"{refused.place(self.waiting)}: {refused.message}") from refused
        self.waiting = defaultdict(list)


@cache
def _derived_from() -> frozenset:
    """The models whose records some model's derive() reads (`derived_from`)."""
    return frozenset(
        model._meta.get_field(name).related_model
        for model in apps.get_app_config("claims").get_models()
        for name in getattr(model, "derived_from", ())
    )


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
            fields[name] = [item for item in value if (label, key_text(item)) not in report.deleted]
        elif (label, key_text(value)) in report.deleted:
            report.kept.append(f"{record['model']} (needs {label} {value}, deleted by an editor)")
            return None
    return {**record, "fields": fields}


def _flatten(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages


def _check_identity(obj: models.Model, record: dict) -> None:
    if not hasattr(obj, "natural_key"):
        raise SeedError("the model has no natural key, so it cannot be seeded")
    if any(f.name == "uid" for f in obj._meta.fields) and "uid" not in record["fields"]:
        raise SeedError('needs a "uid": it identifies the record across loads')
