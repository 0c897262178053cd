"""Measures: the figures of one count over time, and whether they can all be true."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.claims import QuantitySerializer
from claims.api.serializers.fields import SpeakerSlugField, StrictModelSerializer
from claims.models import Measure, MeasureRelation


class MeasureSerializer(StrictModelSerializer):
    class Meta:
        model = Measure
        fields = ["slug", "name", "event", "counted", "unit", "description", "varies_over_time", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


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
