"""Seed files as records: seeds/articles/*.json (an article's metadata, its body in a file of
its own) and seeds/fixtures/*.json (natural-key fixtures), with errors that name the file and the
record."""

import json
from pathlib import Path

from django.conf import settings


class SeedError(Exception):
    """A seed file that cannot be loaded; the message names the file and record."""


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(f"{display(path)}: cannot read the file ({error})") from error
    except json.JSONDecodeError as error:
        raise SeedError(
            f"{display(path)}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from error


def read_fixture(path: Path) -> list[dict]:
    records = read_json(path)
    if not isinstance(records, list):
        raise SeedError(f"{display(path)}: a fixture is a JSON list of records")
    for number, record in enumerate(records, start=1):
        if not (
            isinstance(record, dict) and isinstance(record.get("model"), str) and isinstance(record.get("fields"), dict)
        ):
            raise SeedError(f'{display(path)}: record {number}: needs "model" (a string) and "fields" (an object)')
        if "pk" in record:
            raise SeedError(f"{display(path)}: record {number} ({record['model']}): seeds use natural keys, not pk")
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


def article_record(path: Path) -> dict:
    """Turn an article's metadata file and its body file into a claims.source record."""
    meta = read_json(path)
    if not isinstance(meta, dict) or not isinstance(meta.get("body_file"), str):
        raise SeedError(f'{display(path)}: record 1 (claims.source): an article needs a "body_file"')
    unknown = sorted(set(meta) - ARTICLE_FIELDS)
    if unknown:
        raise SeedError(f"{display(path)}: record 1 (claims.source): unknown field(s) {', '.join(unknown)}")
    body_path = path.parent / meta["body_file"]
    try:
        body = body_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(
            f"{display(path)}: record 1 (claims.source): cannot read {meta['body_file']} ({error})"
        ) from error
    fields = {key: value for key, value in meta.items() if key != "body_file"}
    if fields.get("outlet") is not None:
        fields["outlet"] = [fields["outlet"]]
    return {"model": "claims.source", "fields": {**fields, "body": body}}


def place_of(path: Path, number: int, model) -> str:
    return f"{display(path)}: record {number} ({model})"
