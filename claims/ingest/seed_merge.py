"""A seed record merged with what is stored: the three-way merge of load_seeds.

A field takes the seed file's value only where the database still holds what load_seeds last
wrote there (kept in SeedRecord): `claims.ingest.editor_changes`, the rule the importers share.
A record seeded once and since deleted by an editor stays deleted.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from claims.ingest.editor_changes import LoadReport, changes_to_apply
from claims.models import SeedRecord

CHANGE_REASON = "load_seeds"


@dataclass
class SeedReport(LoadReport):
    suggested: int = 0
    deleted: set[tuple[str, str]] = field(default_factory=set)

    @property
    def changed_nothing(self) -> bool:
        return self.created == 0 and self.updated == 0 and self.suggested == 0

    def summary(self) -> str:
        suggested = f"; {self.suggested} quote suggestion(s) for unannotated documents" if self.suggested else ""
        lead = "Seeds already up to date: nothing to change" if self.changed_nothing else "Seeds loaded"
        return f"{lead} ({self.counts()}{suggested})."


def key_text(value) -> str:
    return json.dumps(value if isinstance(value, list) else [value], cls=DjangoJSONEncoder)


def seed_values(deserialized, record: dict) -> dict:
    """The record's values as SeedRecord keeps them."""
    obj = deserialized.object
    fields = [obj._meta.get_field(name) for name in record["fields"]]
    values = {f.name: canonical(f, f.value_from_object(obj)) for f in fields if not f.many_to_many}
    return values | {f.name: sorted(deserialized.m2m_data.get(f.name, [])) for f in fields if f.many_to_many}


@dataclass
class Stored:
    """A stored record read ahead of its merge, with its SeedRecord and many-to-many values."""

    record: models.Model
    seed_record: SeedRecord | None
    m2m: dict[str, list[int]]


def read_ahead(model, pks: list[int]) -> dict[tuple, Stored]:
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
    return {(model, pk): Stored(record, seed_records.get(pk), m2m[pk]) for pk, record in records.items()}


def deleted_by_an_editor(report: SeedReport, label: str, key: list) -> None:
    """A record seeded once and since deleted by an editor stays deleted, and so do records that need it."""
    report.deleted.add((label, key_text(key)))
    report.kept.append(f"{label} {key} (deleted by an editor)")


def merge(deserialized, record: dict, report: SeedReport, stored: Stored | None = None) -> None:
    obj = deserialized.object
    model = type(obj)
    fields = [model._meta.get_field(name) for name in record["fields"]]
    values = seed_values(deserialized, record)
    key = json.loads(json.dumps(obj.natural_key(), cls=DjangoJSONEncoder))
    label = model._meta.label_lower

    if obj.pk is None:  # the deserializer found no row with this natural key
        if SeedRecord.objects.filter(model=label, key=key).exists():
            deleted_by_an_editor(report, label, key)
            return
        _save(obj, deserialized.m2m_data, update_fields=None)
        SeedRecord.objects.create(model=label, key=key, object_id=obj.pk, values=values)
        report.created += 1
        return

    if stored is None:
        current = model._default_manager.get(pk=obj.pk)
        seed_record = SeedRecord.objects.filter(model=label, object_id=current.pk).first()
    else:
        current, seed_record = stored.record, stored.seed_record
    last_seeded = seed_record.values if seed_record else {}
    now = {f.name: _current_value(current, f, stored) for f in fields}
    # a field with no seeded value was seeded at its default, as far as anyone can tell
    last_written = {f.name: last_seeded.get(f.name, canonical(f, f.get_default()) if not f.many_to_many else [])
                    for f in fields}  # fmt: skip
    changes = changes_to_apply(now, values, last_written)
    report.kept += [f"{label} {key} {name}" for name in changes.kept]
    to_apply = [f for f in fields if f.name in changes.apply]
    merged = last_seeded | {name: value for name, value in values.items() if name not in changes.kept}
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


def _current_value(obj: models.Model, f, stored: Stored | None):
    if f.many_to_many:
        pks = stored.m2m.get(f.name, []) if stored else getattr(obj, f.name).values_list("pk", flat=True)
        return sorted(pks)
    return canonical(f, f.value_from_object(obj))


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


def canonical(f, value):
    """A JSON value that compares equal for equal field values, however they were written."""
    if value is None:
        return None
    if isinstance(f, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places)))
    if type(value) in (str, int, bool):  # JSON already
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
