"""CSV for every list endpoint: `?format=csv`, with the same filters and pages as JSON."""

import csv
import io
import json

from rest_framework import renderers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from claims.api.claim_json import RawJSON, RawJSONList


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, plus rows PostgreSQL already wrote as JSON (claims.api.claim_json), spliced in unchanged."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RawJSON):
            return data.encode()
        if isinstance(data, dict) and isinstance(data.get("results"), RawJSONList):
            head = super().render({key: value for key, value in data.items() if key != "results"})
            return head[:-1] + b',"results":[' + ",".join(data["results"]).encode() + b"]}"
        return super().render(data, accepted_media_type, renderer_context)


class FormatNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 that names the formats, not a 404 for a record that exists."""

    def filter_renderers(self, renderers, format):
        known = [renderer for renderer in renderers if renderer.format == format]
        if not known:
            names = ", ".join(sorted(renderer.format for renderer in renderers if renderer.format != "api"))
            raise ValidationError({self.settings.URL_FORMAT_OVERRIDE: [f"Unknown format; use one of: {names}."]})
        return known


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""  # 204 No Content
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):
            rows = [rows]  # a detail or an error answers as one row
        if not isinstance(rows, list):
            rows = [rows]
        rows = [row if isinstance(row, dict) else {"detail": row} for row in rows]
        response = (renderer_context or {}).get("response")
        if response is not None and isinstance(data, dict) and data.get("next"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        columns = list(dict.fromkeys(key for row in rows for key in row)) or _serializer_fields(renderer_context)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
        return out.getvalue().encode(self.charset)


def _cell(value) -> str:
    """Lists as "a|b", objects as JSON, None as empty; formulas neutralised for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        text = "|".join(str(v) for v in value)
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _serializer_fields(renderer_context) -> list[str]:
    """The header of an empty result: the fields the list's serializer would have written."""
    view = (renderer_context or {}).get("view")
    try:
        return list(view.get_serializer().fields) if view is not None else []
    except (AttributeError, AssertionError):
        return []
