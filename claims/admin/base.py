"""Shared pieces of the admin: forms that carry the version an editor opened, so saving over a newer
one is refused rather than silent."""

from django import forms
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from claims.consistency import bounds

# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened; saving over a newer one is refused, not silent."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edited_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("edited_version")
        if self.instance.pk is not None and opened is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            if current.first() != opened:
                raise forms.ValidationError(
                    f"This {self.instance._meta.verbose_name} was changed since you opened it (by someone else or "
                    "in another tab). Your edits were not saved: reload the page to see the current version."
                )
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any("edited_version" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "edited_version"]}), *rest]

    def save_model(self, request, obj, form, change):
        obj.expected_version = form.cleaned_data.get("edited_version") if change else None
        self.save_record(request, obj, form)

    def save_record(self, request, obj, form) -> None:
        """Save the edited record: through its service, where one keeps the record's rules."""
        obj.save()


def interval_text(quantity) -> str:
    return bounds(quantity).replace("-inf", "−∞").replace("+inf", "+∞")
