"""Sources and the quotes anchored in them."""

from django.db import transaction
from rest_framework import serializers

from claims.anchoring import anchor_errors
from claims.api.permissions import reader
from claims.api.serializers.fields import (
    SnippetMixin,
    SpeakerSlugField,
    StrictModelSerializer,
    slug_field,
)
from claims.models import Quote, Source, Speaker
from claims.querysets import named_to
from claims.services import source_update_body
from claims.validators import attribution_errors


class SourceSerializer(SnippetMixin, StrictModelSerializer):
    outlet = slug_field(Speaker.objects.filter(kind=Speaker.Kind.OUTLET), required=False, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "url",
            "outlet",
            "authors",
            "published_at",
            "kind",
            "language",
            "body",
            "body_sha256",
            "retrieved_at",
            "archive_url",
            "created_at",
            "updated_at",
            "snippet",
        ]
        read_only_fields = ["body_sha256", "created_at", "updated_at"]

    def update(self, source, validated_data):
        """A new body re-anchors the source's quotes (and flags what changed) in the same transaction."""
        body = validated_data.pop("body", source.body)
        expected = validated_data.pop("expected_version", None)
        with transaction.atomic():
            if body != source.body:
                source_update_body(source=source, body=body, expected_version=expected)
                expected = None  # checked, and bumped, by the body update
            return super().update(source, {**validated_data, "expected_version": expected})


class QuoteSerializer(SnippetMixin, StrictModelSerializer):
    source = slug_field(Source.objects.all())
    speaker = SpeakerSlugField(required=False, allow_null=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "uid",
            "source",
            "speaker",
            "text",
            "kind",
            "cue",
            "speaker_mention",
            "role",
            "start",
            "end",
            "prefix",
            "suffix",
            "anchor_status",
            "stated_on",
            "context",
            "extracted_by",
            "confidence",
            "review_status",
            "created_at",
            "updated_at",
            "snippet",
        ]
        read_only_fields = ["uid", "prefix", "suffix", "anchor_status", "created_at", "updated_at"]
        extra_kwargs = {
            "text": {"trim_whitespace": False},  # the characters of the body, spaces included
            "speaker": {"help_text": "Who said it: required once a direct or partial quote is confirmed."},
        }

    def to_representation(self, quote):
        data = super().to_representation(quote)
        if quote.speaker and not named_to(quote.speaker, reader(self.context)):
            data["speaker_mention"] = data["role"] = ""  # the words naming a private individual
        return data

    def validate(self, data):
        merged = {
            name: data.get(name, getattr(self.instance, name, Quote._meta.get_field(name).get_default()))
            for name in ("source", "start", "end", "text", "kind", "speaker", "review_status")
        }
        kind = merged["kind"]
        errors = attribution_errors(kind=kind, review_status=merged["review_status"], speaker=merged["speaker"])
        errors |= anchor_errors(merged["source"].body, merged["start"], merged["end"], merged["text"], kind=kind,
                               verbatim=kind in Quote.VERBATIM_KINDS)  # fmt: skip
        if errors:
            raise serializers.ValidationError(errors)
        return data


class ExtractionResultSerializer(serializers.Serializer):
    """What POST /api/sources/<slug>/extract/ stored."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Suggestions dropped because an editor already annotated the span.")
    claims = serializers.IntegerField(help_text="Draft claims created for numbers inside suggested quotes.")
    quotes = QuoteSerializer(many=True)
