"""Claims, their quantities and the relations between them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.fields import (
    DecimalTextField,
    SnippetMixin,
    SpeakerSlugField,
    StrictCharField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
    slug_field,
)
from claims.intervals import Qualifier, interval_for
from claims.models import (
    Claim,
    ClaimRelation,
    Measure,
    Quantity,
    Quote,
)
from claims.services import claim_update
from claims.validators import SHORT_TEXT_LIMIT


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
