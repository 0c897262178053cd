"""Speakers, and a speaker's profile with what they said."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers.fields import StrictModelSerializer, slug_field
from claims.models import Review, Speaker


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
        return list(Review.objects.published().filter(claim__claimant=speaker).scorecard())
