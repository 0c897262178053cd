"""API representations. Fields are listed explicitly so a new column never leaks by accident."""

from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.anchoring import anchor_errors
from claims.api.permissions import can_see_unpublished
from claims.api.serializer_fields import (
    DecimalTextField,
    StrictCharField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
    StrictSlugRelatedField,
)
from claims.ingest.claimreview import claimreview_document
from claims.intervals import Qualifier, interval_for
from claims.models import (
    Claim,
    ClaimRelation,
    Measure,
    MeasureRelation,
    Quantity,
    Quote,
    Rating,
    Review,
    ReviewCorrection,
    Source,
    Speaker,
)
from claims.services import claim_update, review_update, source_update_body
from claims.validators import SHORT_TEXT_LIMIT


def slug_field(queryset, **kwargs):
    return StrictSlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


class SpeakerSlugField(StrictSlugRelatedField):
    """A speaker's slug; a private individual's stays hidden (null) from the public."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs["queryset"] = Speaker.objects.all()
        super().__init__(slug_field="slug", **kwargs)

    def to_representation(self, speaker):
        if speaker.is_private and not can_see_unpublished(self.context.get("request")):
            return None
        return super().to_representation(speaker)


class SnippetMixin(serializers.Serializer):
    """With `q`, the matching words in context, marked with <mark>; null otherwise."""

    snippet = serializers.SerializerMethodField()

    def get_snippet(self, obj) -> str | None:
        return getattr(obj, "snippet", None)


class SpeakerSerializer(StrictModelSerializer):
    organization = slug_field(Speaker.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "aliases",
            "wikidata_id",
            "organization",
            "is_private",
            "created_at",
            "updated_at",
            "job_title",
            "state",
            "party",
        ]
        read_only_fields = ["created_at", "updated_at"]


class SpeakerProfileSerializer(SpeakerSerializer):
    """A speaker with what they said: counts of quotes and claims, and verdicts by rating label."""

    quote_count = serializers.IntegerField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    scorecard = serializers.SerializerMethodField()

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "quote_count", "claim_count", "scorecard"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_scorecard(self, speaker):
        """Published reviews of the speaker's claims, counted by rating label, best first."""
        return list(
            Review.objects.published()
            .filter(claim__claimant=speaker)
            .values(scale_slug=F("rating__scale__slug"), rating_slug=F("rating__slug"), label=F("rating__label"))
            .annotate(count=Count("id"))
            .order_by("scale_slug", F("rating__value").desc(nulls_last=True), "label")
        )


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
        extra_kwargs = {"text": {"trim_whitespace": False}}  # the characters of the body, spaces included

    def to_representation(self, quote):
        data = super().to_representation(quote)
        if quote.speaker and quote.speaker.is_private and not can_see_unpublished(self.context.get("request")):
            data["speaker_mention"] = data["role"] = ""  # the words naming a private individual
        return data

    def validate(self, data):
        merged = {
            name: data.get(name, getattr(self.instance, name, Quote._meta.get_field(name).get_default()))
            for name in ("source", "start", "end", "text", "kind")
        }
        kind = merged["kind"]
        errors = anchor_errors(merged["source"].body, merged["start"], merged["end"], merged["text"], kind=kind,
                               verbatim=kind in Quote.VERBATIM_KINDS)  # fmt: skip
        if errors:
            raise serializers.ValidationError(errors)
        return data


def _plain_decimal(value) -> str | None:
    """630.00000 -> "630": interval bounds without the scale PostgreSQL arithmetic gives them."""
    return None if value is None else f"{value.normalize():f}"


class QuantitySerializer(StrictModelSerializer):
    claim = StrictPrimaryKeyRelatedField(queryset=Claim.objects.all())
    value = DecimalTextField()
    value_to = DecimalTextField(required=False, allow_null=True, help_text='The upper number of "between ... and ...".')
    measure = slug_field(Measure.objects.all(), required=False, allow_null=True)
    lower = serializers.SerializerMethodField()
    upper = serializers.SerializerMethodField()
    lower_inclusive = serializers.SerializerMethodField()
    upper_inclusive = serializers.SerializerMethodField()

    class Meta:
        model = Quantity
        fields = [
            "id",
            "uid",
            "claim",
            "surface",
            "qualifier",
            "value",
            "value_to",
            "lower",
            "upper",
            "lower_inclusive",
            "upper_inclusive",
            "unit",
            "measured",
            "measure",
            "as_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "created_at", "updated_at"]

    @extend_schema_field(serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True))
    def get_lower(self, quantity):
        return _plain_decimal(quantity.interval.lower)

    @extend_schema_field(serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True))
    def get_upper(self, quantity):
        return _plain_decimal(quantity.interval.upper)

    def get_lower_inclusive(self, quantity) -> bool:
        return quantity.interval.lower_inc

    def get_upper_inclusive(self, quantity) -> bool:
        return quantity.interval.upper_inc

    def validate(self, data):
        qualifier = data.get("qualifier", getattr(self.instance, "qualifier", Qualifier.EXACT))
        value = data.get("value", getattr(self.instance, "value", None))
        value_to = data.get("value_to", getattr(self.instance, "value_to", None))
        try:
            interval_for(qualifier, value, value_to)
        except ValueError as error:
            raise serializers.ValidationError({"value_to": [str(error)]}) from error
        return data


class NestedQuantitySerializer(QuantitySerializer):
    class Meta(QuantitySerializer.Meta):
        fields = [name for name in QuantitySerializer.Meta.fields if name != "claim"]


class ClaimSerializer(SnippetMixin, StrictModelSerializer):
    claimant = SpeakerSlugField(required=False, allow_null=True)
    appearances = StrictPrimaryKeyRelatedField(queryset=Quote.objects.all(), many=True, required=False)
    quantities = NestedQuantitySerializer(many=True, read_only=True)
    correction_note = StrictCharField(
        write_only=True, required=False, allow_blank=True, max_length=SHORT_TEXT_LIMIT,
        help_text="Required when a reviewer rewords a claim with a published verdict.",
    )  # fmt: skip

    def create(self, validated_data):
        validated_data.pop("correction_note", None)
        return super().create(validated_data)

    def update(self, claim, validated_data):
        """Through `claim_update`: rewording a claim with a published verdict is a reviewer's correction."""
        note = validated_data.pop("correction_note", "")
        appearances = validated_data.pop("appearances", None)
        claim = claim_update(claim=claim, changes=validated_data, user=self.context["request"].user, note=note)
        if appearances is not None:
            claim.appearances.set(appearances)
        return claim

    class Meta:
        model = Claim
        fields = [
            "id",
            "uid",
            "text",
            "claimant",
            "appearances",
            "topics",
            "status",
            "checkworthiness",
            "quantities",
            "created_at",
            "updated_at",
            "context",
            "stated_on",
            "appearance_urls",
            "snippet",
            "correction_note",
        ]
        read_only_fields = ["uid", "status", "created_at", "updated_at"]


class MeasureSerializer(StrictModelSerializer):
    class Meta:
        model = Measure
        fields = ["slug", "name", "event", "counted", "unit", "description", "varies_over_time", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


@extend_schema_field(serializers.CharField())
class RatingField(serializers.RelatedField):
    """A rating as "<scale slug>/<rating slug>", e.g. "truth-six-level/half-true"."""

    default_error_messages = {"invalid": 'Give a rating as "<scale>/<rating>", e.g. "truth-six-level/false".'}

    def to_representation(self, rating):
        return f"{rating.scale.slug}/{rating.slug}"

    def to_internal_value(self, data):
        scale, _, slug = str(data).partition("/")
        try:
            return self.get_queryset().get(scale__slug=scale, slug=slug)
        except Rating.DoesNotExist:
            self.fail("invalid")


class ReviewCorrectionSerializer(StrictModelSerializer):
    old_rating = RatingField(read_only=True)
    new_rating = RatingField(read_only=True)

    class Meta:
        model = ReviewCorrection
        fields = ["corrected_at", "old_rating", "new_rating", "old_explanation", "old_claim_reviewed", "note"]


class ReviewSerializer(StrictModelSerializer):
    corrections = ReviewCorrectionSerializer(many=True, read_only=True)
    correction_note = StrictCharField(write_only=True, required=False, allow_blank=True,
                                            help_text="Required when changing a published verdict.")  # fmt: skip
    claim = StrictPrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = RatingField(queryset=Rating.objects.select_related("scale"), required=False, allow_null=True)
    rating_label = serializers.CharField(source="rating.label", read_only=True, default=None)
    rating_value = serializers.DecimalField(
        source="rating.value", max_digits=8, decimal_places=2, read_only=True, default=None, coerce_to_string=False
    )
    reviewer = serializers.SerializerMethodField(help_text="The reviewer's public name; staff see the login name.")
    publisher = slug_field(Speaker.objects.all(), required=False, allow_null=True)

    def get_reviewer(self, review) -> str | None:
        """Login names are for staff: the public reads the reviewer's name as it is published."""
        if review.reviewer is None:
            return None
        if can_see_unpublished(self.context.get("request")):
            return review.reviewer.get_username()
        return review.reviewer.get_full_name() or None

    def create(self, validated_data):
        if validated_data.pop("correction_note", "").strip():
            raise serializers.ValidationError({"correction_note": ["A new review has no verdict to correct yet."]})
        return super().create(validated_data)

    class Meta:
        model = Review
        fields = [
            "id",
            "uid",
            "claim",
            "rating",
            "rating_label",
            "rating_value",
            "claim_reviewed",
            "explanation",
            "evidence",
            "reviewer",
            "url",
            "status",
            "published_at",
            "created_at",
            "updated_at",
            "publisher",
            "corrections",
            "correction_note",
        ]
        read_only_fields = ["uid", "reviewer", "status", "published_at", "created_at", "updated_at"]

    def validate_evidence(self, evidence):
        if not isinstance(evidence, list) or not all(
            isinstance(item, dict) and isinstance(item.get("url", ""), str) for item in evidence
        ):
            raise serializers.ValidationError('Evidence is a list of {"url", "title", "excerpt"} objects.')
        return evidence

    def update(self, review, validated_data):
        """Through `review_update`: a change to a published verdict is kept as a visible correction."""
        note = validated_data.pop("correction_note", "")
        return review_update(review=review, changes=validated_data, user=self.context["request"].user, note=note)


class ExtractionResultSerializer(serializers.Serializer):
    """What POST /api/sources/<slug>/extract/ stored."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Suggestions dropped because an editor already annotated the span.")
    claims = serializers.IntegerField(help_text="Draft claims created for numbers inside suggested quotes.")
    quotes = QuoteSerializer(many=True)


class ClaimReviewSerializer(serializers.BaseSerializer):
    """A published review as schema.org ClaimReview JSON-LD."""

    def to_representation(self, review):
        request = self.context["request"]
        url = request.build_absolute_uri(reverse("claims:claim-claimreview", args=[review.claim_id]))
        return claimreview_document(review, review_url=url)


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    note = StrictCharField(required=False, allow_blank=True, max_length=300)


class ClaimSummarySerializer(StrictModelSerializer):
    claimant = SpeakerSlugField(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "claimant", "status"]


class SimilarClaimSerializer(serializers.Serializer):
    claim = ClaimSummarySerializer()
    similarity = serializers.FloatField(help_text="Trigram similarity of the wordings, 0 to 1.")
    duplicate = serializers.BooleanField(help_text="The same wording once case, spacing and punctuation are ignored.")


class ClaimRelationSerializer(StrictModelSerializer):
    subject = StrictPrimaryKeyRelatedField(queryset=Claim.objects.all())
    object = StrictPrimaryKeyRelatedField(queryset=Claim.objects.all())
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ClaimRelation
        fields = ["id", "subject", "kind", "object", "note", "created_by", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, data):
        subject = data.get("subject", getattr(self.instance, "subject", None))
        if subject is not None and subject == data.get("object", getattr(self.instance, "object", None)):
            raise serializers.ValidationError("A claim cannot be related to itself.")
        return data


class ConflictSerializer(serializers.Serializer):
    first = serializers.IntegerField(source="first.id", help_text="Quantity id.")
    second = serializers.IntegerField(source="second.id", help_text="Quantity id.")
    reason = serializers.CharField()


class TimelineQuantitySerializer(QuantitySerializer):
    claim_text = serializers.CharField(source="claim.text", read_only=True)
    claimant = SpeakerSlugField(source="claim.claimant", read_only=True)

    class Meta(QuantitySerializer.Meta):
        fields = [*QuantitySerializer.Meta.fields, "claim_text", "claimant"]


class MeasureRelationSerializer(StrictModelSerializer):
    """Figures of `smaller` never exceed figures of `larger` (released <= detained)."""

    smaller = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    larger = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MeasureRelation
        fields = ["smaller", "larger", "note"]


class MeasureDetailSerializer(MeasureSerializer):
    """A measure with its figures in time order, whether they can all be true, and the pairs that cannot."""

    timeline = TimelineQuantitySerializer(many=True, read_only=True, source="report.timeline")
    consistent = serializers.BooleanField(read_only=True, source="report.consistent")
    conflicts = ConflictSerializer(
        many=True,
        read_only=True,
        source="report.conflicts",
        help_text="Pairs that cannot both be true: the first 100, and those across relations.",
    )
    conflict_count = serializers.IntegerField(read_only=True, source="report.conflict_count")
    relations = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "varies_over_time", "relations", "timeline", "consistent",
                  "conflicts", "conflict_count"]  # fmt: skip

    @extend_schema_field(MeasureRelationSerializer(many=True))
    def get_relations(self, measure):
        relations = [*measure.at_most_relations.all(), *measure.at_least_relations.all()]
        return MeasureRelationSerializer(relations, many=True).data
