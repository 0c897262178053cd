"""Reviews with their corrections, and published ones as ClaimReview."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.permissions import reader
from claims.api.serializers.fields import (
    StrictCharField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
    slug_field,
)
from claims.ingest.claimreview import claimreview_document
from claims.models import (
    Claim,
    Rating,
    Review,
    ReviewCorrection,
    Speaker,
)
from claims.querysets import sees_unpublished
from claims.services import review_update


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
        if sees_unpublished(reader(self.context)):
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


class ClaimReviewSerializer(serializers.BaseSerializer):
    """A published review as schema.org ClaimReview JSON-LD."""

    def to_representation(self, review):
        request = self.context["request"]
        # Where a review published here is read: its claim's public page (claims.views).
        url = request.build_absolute_uri(reverse("site:claim", args=[review.claim_id]))
        return claimreview_document(review, review_url=url)
