"""Curated data out as natural-key seed fixtures: what `manage.py dumpseeds` writes and
`load_seeds --seeds-dir` reads back."""

import json
from pathlib import Path

from django.contrib.auth.models import Group
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from claims.models import Claim, Measure, MeasureRelation, Quantity, Quote, Rating, RatingScale, Review, Source, Speaker

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
