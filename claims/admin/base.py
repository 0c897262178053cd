"""Shared pieces of the admin: forms that carry the version an editor opened, so saving over a newer
one is refused rather than silent."""

from django import forms
from django.db import models
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from claims.consistency import bounds
from claims.extraction.text import context_around

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

    class Media:
        css = {"all": ["claims/admin.css"]}  # quotes in their text; lists and pages that fit 1280 px

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


def in_words(quote) -> tuple[str, str, str]:
    """A quote in its paragraph, for display: the words before it, its own, the words after it,
    cut at word boundaries (the stored prefix and suffix are cut by characters)."""
    before, after = context_around(quote.source.body, quote.start, quote.end)
    return before, quote.exact, after


def shortened(text: str, words: int = 10) -> str:
    """A long title or text cut to whole words, for a list column that must leave room for the others."""
    return Truncator(text).words(words, truncate="…")
