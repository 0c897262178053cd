"""No lost updates: versioned records, and the errors a stale or vanished record raises."""

from django.db import models, transaction


class VersionConflict(Exception):
    """A save based on a version of the record that someone else has since replaced."""

    def __init__(self, record: models.Model, current: int):
        self.record, self.current = record, current
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} is at version {current}, not {record.expected_version}"
        )


class RecordGone(VersionConflict):
    """A save of a record that someone else has since deleted."""

    def __init__(self, record: models.Model):
        self.record, self.current = record, None
        Exception.__init__(self, f"{record._meta.verbose_name} {record.pk} was deleted")


class Versioned(models.Model):
    """No lost updates: every save bumps `version`, and a save that names the version it was based
    on (`expected_version`, set by the admin form or the API's If-Match) is refused if it is stale.
    The row is locked while it is checked, so two concurrent saves cannot both pass. Each such
    record also says when it was created and last changed."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expected_version: int | None = None
    derived_fields: tuple[str, ...] = ()  # what `derive()` sets
    derived_from: tuple[str, ...] = ()  # the related records `derive()` reads (a quote's source)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.derived_fields}
        if self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            rows = type(self)._base_manager.select_for_update().filter(pk=self.pk)
            current = rows.values_list("version", flat=True).first()
            if current is None and not self._state.adding:
                raise RecordGone(self)  # deleted meanwhile: an update never puts it back
            if current is not None and self.expected_version is not None and current != self.expected_version:
                raise VersionConflict(self, current)
            self.version = (current or self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            if current is not None and not kwargs.get("force_insert"):
                kwargs["force_update"] = True  # the row read and locked above, or an error: never an insert
            super().save(*args, **kwargs)
        self.expected_version = None

    def derive(self) -> None:
        """Set the fields worked out from the others (a body's checksum, a quote's context). Every
        save calls it; so must any write that does not go through save(), such as a COPY."""
