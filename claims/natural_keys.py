"""Natural keys: seeds and fixtures refer to records by meaning (a slug, a uid), not by id."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models


class KeyCache(dict):
    """(model, normal key) -> the record with its fields deferred, or None for "no such record"."""

    def remember(self, model, key: tuple, pk) -> None:
        """A record made or found: later lookups of its key find it, written or not."""
        manager = model._default_manager
        self[model, manager.normal_key(key)] = None if pk is None else manager.deferred(pk)


_remembered: ContextVar[KeyCache | None] = ContextVar("remembered_natural_keys", default=None)


@contextmanager
def remembered_keys():
    """Within the block, each natural key is looked up at most once and what comes back is the
    record with its other fields deferred (the deserializer reads only its primary key). The
    cache is yielded so a load can fill it in bulk and with the records it creates."""
    token = _remembered.set(KeyCache())
    try:
        yield _remembered.get()
    finally:
        _remembered.reset(token)


class NaturalKeyManager(models.Manager):
    """Look records up by natural key; a seeded record an editor renamed keeps its seed key.
    Inside `remembered_keys()`, a key is looked up once."""

    key_fields = ("slug",)

    def get_by_natural_key(self, *key):
        known = _remembered.get()
        if known is None:
            return self._find(*key)
        cached = (self.model, self.normal_key(key))
        if cached not in known:
            try:
                known[cached] = self.deferred(self._find(*key).pk)
            except self.model.DoesNotExist:
                known[cached] = None
        if known[cached] is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return known[cached]

    def deferred(self, pk):
        """The record with every field but its primary key deferred (read from the database if used)."""
        return self.model.from_db(self.db, [self.model._meta.pk.attname], [pk])

    def normal_key(self, key: tuple) -> tuple:
        """The key as its fields read it (one uid however it is spelled): the cache's key."""
        meta = self.model._meta
        return tuple(
            value if "__" in name else meta.get_field(name).to_python(value)
            for name, value in zip(self.key_fields, key, strict=True)
        )

    def _find(self, *key):
        try:
            return self.get(**dict(zip(self.key_fields, key, strict=True)))
        except self.model.DoesNotExist:
            seeded = apps.get_model("claims", "SeedRecord").objects.filter(
                model=self.model._meta.label_lower, key=list(key)
            )
            object_id = seeded.values_list("object_id", flat=True).first()
            if object_id is None:
                raise
            return self.get(pk=object_id)


class SlugNaturalKeyManager(NaturalKeyManager):
    key_fields = ("slug",)


class UidNaturalKeyManager(NaturalKeyManager):
    key_fields = ("uid",)


class RatingManager(NaturalKeyManager):
    key_fields = ("scale__slug", "slug")


class MeasureRelationManager(NaturalKeyManager):
    key_fields = ("smaller__slug", "larger__slug")
