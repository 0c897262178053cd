"""One ViewSet per resource. Anonymous clients read published data; writes need a role."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import filters
from claims.models import Claim, Measure, Quantity, Quote, Review, Source, Speaker
from claims.permissions import CanAnnotate, can_see_unpublished
from claims.serializers import (
    ClaimSerializer,
    ExtractionResultSerializer,
    MeasureSerializer,
    QuantitySerializer,
    QuoteSerializer,
    ReviewSerializer,
    SourceSerializer,
    SpeakerSerializer,
)
from claims.services import source_extract_suggestions


class SpeakerViewSet(viewsets.ModelViewSet):
    serializer_class = SpeakerSerializer
    filterset_class = filters.SpeakerFilter
    lookup_field = "slug"
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        # select_related: each speaker shows its organization's slug (one query per row otherwise).
        speakers = Speaker.objects.select_related("organization")
        # Private individuals are not named publicly: anonymous clients do not see them at all.
        return speakers if can_see_unpublished(self.request) else speakers.filter(is_private=False)


class SourceViewSet(viewsets.ModelViewSet):
    # select_related: the outlet's slug is in every row.
    queryset = Source.objects.select_related("outlet")
    serializer_class = SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    ordering_fields = ["published_at", "title", "created_at"]

    @extend_schema(request=None, responses={200: ExtractionResultSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanAnnotate])
    def extract(self, request, slug=None):
        """Run the extractor on the source's body and store its quotes as suggestions."""
        report = source_extract_suggestions(source=self.get_object())
        result = {"created": report.created, "updated": report.updated, "kept": report.kept,
                  "claims": report.claims, "quotes": QuoteSerializer(report.quotes, many=True).data}  # fmt: skip
        return Response(result)


class QuoteViewSet(viewsets.ModelViewSet):
    serializer_class = QuoteSerializer
    filterset_class = filters.QuoteFilter
    ordering_fields = ["stated_on", "created_at", "start"]

    def get_queryset(self):
        # select_related: speaker and source slugs are in every row.
        quotes = Quote.objects.select_related("speaker", "source")
        return quotes if can_see_unpublished(self.request) else quotes.confirmed()


class ClaimViewSet(viewsets.ModelViewSet):
    serializer_class = ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["created_at", "checkworthiness"]

    def get_queryset(self):
        # select_related + prefetch: claimant slug, appearance ids and quantities (with their
        # measure's slug) would otherwise cost three queries per claim.
        staff = can_see_unpublished(self.request)
        appearances = Quote.objects.only("id") if staff else Quote.objects.confirmed().only("id")
        claims = Claim.objects.select_related("claimant").prefetch_related(
            Prefetch("appearances", queryset=appearances),
            Prefetch("quantities", queryset=Quantity.objects.select_related("measure")),
        )
        return claims if staff else claims.published()


class QuantityViewSet(viewsets.ModelViewSet):
    serializer_class = QuantitySerializer
    filterset_class = filters.QuantityFilter
    ordering_fields = ["value", "as_of", "created_at"]

    def get_queryset(self):
        # select_related: the measure's slug is in every row.
        quantities = Quantity.objects.select_related("measure")
        if can_see_unpublished(self.request):
            return quantities
        return quantities.filter(claim__status=Claim.Status.PUBLISHED)


class MeasureViewSet(viewsets.ModelViewSet):
    queryset = Measure.objects.all()
    serializer_class = MeasureSerializer
    filterset_class = filters.MeasureFilter
    lookup_field = "slug"
    ordering_fields = ["name", "created_at"]


class ReviewViewSet(viewsets.ModelViewSet):
    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter
    ordering_fields = ["published_at", "created_at"]

    def get_queryset(self):
        # select_related: rating (with its scale) and reviewer are in every row.
        reviews = Review.objects.select_related("rating__scale", "reviewer")
        return reviews if can_see_unpublished(self.request) else reviews.published()

    def perform_create(self, serializer):
        serializer.save(reviewer=self.request.user)
