"""Form widgets of the workspace."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

EVIDENCE_COLUMNS = [("url", "Link"), ("title", "Title"), ("excerpt", "Excerpt"), ("accessed_on", "Accessed on")]
BLANK_ROWS = 3  # rows offered for new evidence on every render (a row left blank is dropped)


class EvidenceWidget(forms.Widget):
    """Evidence as rows of inputs (link, title, excerpt, accessed on), not a JSON text area. Each
    row's inputs are named evidence-<n>-<column>; the stored rows come first, then blank ones. Keys
    the rows do not show (the API takes any) ride along in a hidden evidence-<n>-more, so a save
    here loses none of them."""

    template_name = "claims/widgets/evidence.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [row for row in (value if isinstance(value, list) else []) if isinstance(row, dict)]
        rows += [{}] * BLANK_ROWS
        context["widget"]["columns"] = EVIDENCE_COLUMNS
        context["widget"]["rows"] = [
            ([(f"{name}-{n}-{key}", label, row.get(key, ""), key) for key, label in EVIDENCE_COLUMNS],
             (f"{name}-{n}-more", json.dumps(more) if (more := _more(row)) else ""))
            for n, row in enumerate(rows)
        ]  # fmt: skip
        return context

    def value_from_datadict(self, data, files, name):
        rows, n = [], 0
        while any(f"{name}-{n}-{key}" in data for key, _label in EVIDENCE_COLUMNS):
            row = {key: data.get(f"{name}-{n}-{key}", "").strip() for key, _label in EVIDENCE_COLUMNS}
            if any(row.values()):
                rows.append({**_kept(data.get(f"{name}-{n}-more", "")), **{k: v for k, v in row.items() if v}})
            n += 1
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-0-url" not in data


def _more(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in dict(EVIDENCE_COLUMNS)}


def _kept(text: str) -> dict:
    try:
        more = json.loads(text) if text else {}
    except ValueError:
        return {}
    return _more(more) if isinstance(more, dict) else {}


class RatingSelect(forms.Select):
    """Ratings with their scale on each option (data-scale), so the form offers one scale's ratings."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "instance", None) is not None:
            option["attrs"]["data-scale"] = value.instance.scale_id
        return option


class EvidenceField(forms.JSONField):
    """A list of evidence rows, each with a link (http or https) and whatever else is known of it."""

    widget = EvidenceWidget

    def prepare_value(self, value):
        return value  # the widget renders the list itself

    def bound_data(self, data, initial):
        return data  # already a list: the widget collected the rows

    def to_python(self, value):
        return value if isinstance(value, list) else super().to_python(value)

    def validate(self, value):
        super().validate(value)
        check = URLValidator(schemes=["http", "https"])
        for number, row in enumerate(value, start=1):
            if not row.get("url"):
                raise ValidationError(f"Evidence row {number} needs a link.", code="required")
            try:
                check(row["url"])
            except ValidationError:
                raise ValidationError(f"Evidence row {number}: give a full http(s) link.", code="invalid") from None
            if row.get("accessed_on"):
                try:
                    row["accessed_on"] = forms.DateField().clean(row["accessed_on"]).isoformat()  # stored as ISO
                except ValidationError:
                    raise ValidationError(
                        f"Evidence row {number}: give the date as YYYY-MM-DD.", code="invalid"
                    ) from None
