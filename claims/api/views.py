"""One ViewSet per resource. Anonymous clients read published data; writes need a role."""

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims.api import filters, renderers
from claims.api.claim_json import RawJSONList, claim_json, claims_json
from claims.api.exceptions import PreconditionFailed, PreconditionRequired
from claims.api.permissions import CanAnnotate
from claims.api.serializers import (
    ClaimRelationSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    ExtractionResultSerializer,
    MeasureDetailSerializer,
    MeasureSerializer,
    QuantitySerializer,
    QuoteSerializer,
    ReviewSerializer,
    SimilarClaimSerializer,
    SourceSerializer,
    SpeakerProfileSerializer,
    SpeakerSerializer,
    TransitionSerializer,
)
from claims.api.throttling import ScopedRateThrottle
from claims.api.web_annotation import web_annotation
from claims.consistency import measure_report
from claims.matching import similar_claims
from claims.models import Claim, ClaimRelation, Measure, Quantity, Quote, Review, ReviewCorrection, Source, Speaker
from claims.services import claim_transition, review_publish, source_extract_suggestions


@extend_schema(responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
@throttle_classes([])
@authentication_classes([])  # answers even when the database that holds tokens is down
def readiness(request):
    """Whether the service can answer: the database takes a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return Response({"database": "unavailable"}, status=503)
    return Response({"database": "ok"})


class LoginThrottledTokenView(ObtainAuthToken):
    """POST username and password, get the token for `Authorization: Token <key>`; attempts are throttled."""

    throttle_scope = "login"
    throttle_classes = [ScopedRateThrottle]


# What SlugField(allow_unicode=True) holds, as the URL pattern and the schema's path parameter.
SLUG = r"[-\w]+"


def etag(record) -> str:
    return f'"{record.version}"'


class AtomicWritesMixin:
    """A write and everything it triggers (history, workflow records) commit together or not at all.

    Reads run outside a transaction; an error answer (4xx, or a 5xx the handler turned into JSON)
    rolls back whatever the write had done.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def get_object(self):
        """On a write, the record as it is once locked: a write waits for any other on the same row,
        then reads what that one left (or finds it deleted), so it never acts on a stale copy."""
        record = super().get_object()
        if self.request.method in permissions.SAFE_METHODS:
            return record
        type(record)._base_manager.select_for_update().filter(pk=record.pk).values_list("pk").first()
        return super().get_object()  # read again under the lock; 404 if it was deleted meanwhile


class ConditionalWriteMixin:
    """Reads carry an ETag (the record's version); writes must send it back in If-Match.

    A missing If-Match is answered 428, a stale one 412, so two clients editing the same record
    in turn never overwrite each other silently.
    """

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return Response(self.get_serializer(record).data, headers={"ETag": etag(record)})

    def update(self, request, *args, **kwargs):
        self.expected_version = self.if_match(request)
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag(self.saved)
        return response

    def perform_update(self, serializer):
        self.saved = serializer.save(expected_version=self.expected_version)

    def destroy(self, request, *args, **kwargs):
        expected = self.if_match(request)
        record = self.get_object()  # locked (AtomicWritesMixin)
        if expected is not None and record.version != expected:
            raise PreconditionFailed()
        self.perform_destroy(record)
        return Response(status=204)

    def if_match(self, request) -> int | None:
        """The version named by If-Match ("*" names whichever is current)."""
        header = request.headers.get("If-Match", "").strip()
        if not header:
            raise PreconditionRequired()
        if header == "*":
            return None
        tag = header.removeprefix("W/").strip('"')
        if not (tag.isascii() and tag.isdigit() and len(tag) <= 9):
            raise PreconditionFailed('If-Match must be the ETag of a read of this record, like "3".')
        return int(tag)


class VisibleRecordsMixin:
    """Every read goes through its model's rule for this reader (claims.querysets)."""

    def visible(self, model):
        return model.objects.visible_to(self.request.user)


class NamedBySlugMixin:
    """Records named in URLs by their slug."""

    lookup_field = "slug"
    lookup_value_regex = SLUG


class DetailSerializerMixin:
    """A record read on its own carries more than a row of its list (counts, a report)."""

    detail_serializer_class = None

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else super().get_serializer_class()


class SpeakerViewSet(VisibleRecordsMixin, NamedBySlugMixin, DetailSerializerMixin, AtomicWritesMixin,
                     ConditionalWriteMixin, viewsets.ModelViewSet):  # fmt: skip
    """People and organisations who are quoted or make claims; private individuals stay hidden from the public."""

    serializer_class = SpeakerSerializer
    detail_serializer_class = SpeakerProfileSerializer
    filterset_class = filters.SpeakerFilter
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        # select_related: each speaker shows its organization's slug (one query per row otherwise).
        speakers = self.visible(Speaker).select_related("organization")
        if self.action == "retrieve":
            speakers = speakers.annotate(
                quote_count=Count("quotes", filter=Q(quotes__in=self.visible(Quote)), distinct=True),
                claim_count=Count("claims", filter=Q(claims__in=self.visible(Claim)), distinct=True),
            )
        return speakers


class SourceViewSet(VisibleRecordsMixin, NamedBySlugMixin, AtomicWritesMixin, ConditionalWriteMixin,
                    viewsets.ModelViewSet):  # fmt: skip
    """Articles and other documents that quotes are taken from."""

    serializer_class = SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["published_at", "title", "created_at", "rank"]

    def get_queryset(self):
        # select_related: the outlet's slug is in every row.
        return self.visible(Source).select_related("outlet")

    @extend_schema(request=None, responses={200: ExtractionResultSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanAnnotate])
    def extract(self, request, slug=None):
        """Run the extractor on the source's body and store its quotes as suggestions."""
        report = source_extract_suggestions(source=self.get_object())
        result = {"created": report.created, "updated": report.updated, "kept": report.kept,
                  "claims": report.claims, "quotes": QuoteSerializer(report.quotes, many=True).data}  # fmt: skip
        return Response(result)


class QuoteViewSet(VisibleRecordsMixin, AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Quotes, each anchored at exact offsets in its source's body."""

    serializer_class = QuoteSerializer
    filterset_class = filters.QuoteFilter
    ordering_fields = ["stated_on", "created_at", "start", "rank"]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="The quote as a W3C Web Annotation, with "
                   "TextQuoteSelector and TextPositionSelector.")  # fmt: skip
    @action(detail=True, methods=["get"])
    def annotation(self, request, pk=None):
        quote = self.get_object()
        return Response(web_annotation(quote, annotation_id=request.build_absolute_uri(request.path), source_id=(
            quote.source.url or request.build_absolute_uri(reverse("claims:source-detail", args=[quote.source.slug]))
        )), content_type="application/ld+json")  # fmt: skip

    def get_queryset(self):
        # select_related: speaker and source slugs are in every row.
        return self.visible(Quote).select_related("speaker", "source")


class ClaimViewSet(VisibleRecordsMixin, AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Checkable claims with their quantities; the public reads published claims only."""

    serializer_class = ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["created_at", "checkworthiness", "rank"]

    def get_queryset(self):
        # select_related + prefetch: claimant slug, appearance ids and quantities (with their
        # measure's slug) would otherwise cost three queries per claim.
        appearances = self.visible(Quote).only("id").order_by("source_id", "start", "id")  # document order, as in SQL
        quantities = self.visible(Quantity).select_related("measure")
        prefetches = Prefetch("appearances", queryset=appearances), Prefetch("quantities", queryset=quantities)
        return self.visible(Claim).select_related("claimant").prefetch_related(*prefetches)

    def sql_built(self) -> bool:
        """JSON reads of lists and single claims are written by PostgreSQL (claims.api.claim_json), for the
        project's JSONRenderer, the one that splices them in; other renderers and writes use the serializer."""
        renderer = self.request.accepted_renderer
        return self.action in ("list", "retrieve") and isinstance(renderer, renderers.JSONRenderer)

    def list(self, request, *args, **kwargs):
        if not self.sql_built():
            return super().list(request, *args, **kwargs)
        claims = self.filter_queryset(self.get_queryset())
        # The page's keys (the prefetches are the serializer's), then the JSON of exactly those claims.
        keys = self.paginate_queryset(claims.prefetch_related(None).values_list("pk", flat=True))
        rows = claims_json(keys, reader=request.user, search=self.filterset.search_words())
        return self.get_paginated_response(RawJSONList(row for row, _version in rows))

    def retrieve(self, request, *args, **kwargs):
        if not self.sql_built():
            return super().retrieve(request, *args, **kwargs)
        # One statement: the claim's JSON, if this reader may see it (Claim.objects.visible_to, in the statement).
        found = claim_json(kwargs["pk"], reader=request.user)
        if found is None:
            raise Http404
        row, version = found
        return Response(row, headers={"ETag": f'"{version}"'})

    @extend_schema(request=TransitionSerializer, responses={200: ClaimSerializer}, description="Move the claim "
                   "through draft -> in_review -> published -> archived (If-Match required). Editors send claims to "
                   "review and back; reviewers publish, unpublish and archive.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        expected = self.if_match(request)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # A refusal (WorkflowError) is answered by claims.api.exceptions, as for every write.
        claim = claim_transition(claim=self.get_object(), to_status=body.validated_data["status"],
                                 user=request.user, note=body.validated_data.get("note", ""),
                                 expected_version=expected)  # fmt: skip
        return Response(self.get_serializer(claim).data, headers={"ETag": etag(claim)})

    @extend_schema(responses={200: SimilarClaimSerializer(many=True)}, description="Claims worded the same or "
                   "closely: full-text candidates re-scored by trigram similarity; duplicates after normalisation "
                   "flagged.")  # fmt: skip
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request, pk=None):
        claim = self.get_object()
        matches = similar_claims(claim, self.visible(Claim).select_related("claimant"))
        return Response(SimilarClaimSerializer(matches, many=True, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="The claim's latest published review as "
                   "schema.org ClaimReview JSON-LD.")  # fmt: skip
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        review = reviews_for_export().filter(claim=self.get_object()).first()
        if review is None:
            raise NotFound("This claim has no published review.")
        return Response(ClaimReviewSerializer(review, context=self.get_serializer_context()).data)


def reviews_for_export():
    # select_related + prefetch: claim, claimant, rating scale, publisher and the appearances'
    # sources are read for every document. Public records only, whoever reads: it is the export.
    appearances = Quote.objects.public().select_related("source__outlet")
    return (
        Review.objects.published()
        .select_related("claim__claimant", "rating__scale", "publisher")
        .prefetch_related(Prefetch("claim__appearances", queryset=appearances))
        .order_by("-published_at", "-id")
    )


@extend_schema_view(list=extend_schema(responses={200: OpenApiTypes.OBJECT}))
class ClaimReviewFeedViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every published review as a ClaimReview JSON-LD document, newest first."""

    serializer_class = ClaimReviewSerializer
    filter_backends = []

    def get_queryset(self):
        return reviews_for_export()


class QuantityViewSet(VisibleRecordsMixin, AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Numbers stated in claims: value, qualifier ("almost", "over") and the interval they assert."""

    serializer_class = QuantitySerializer
    filterset_class = filters.QuantityFilter
    ordering_fields = ["value", "as_of", "created_at"]

    def get_queryset(self):
        # select_related: the measure's slug is in every row.
        return self.visible(Quantity).select_related("measure")


class MeasureViewSet(VisibleRecordsMixin, NamedBySlugMixin, DetailSerializerMixin, AtomicWritesMixin,
                     ConditionalWriteMixin, viewsets.ModelViewSet):  # fmt: skip
    """What quantities count, so that numbers about the same thing can be checked against each other."""

    queryset = Measure.objects.all()  # every measure is public (Measure has no visibility rule)
    serializer_class = MeasureSerializer
    detail_serializer_class = MeasureDetailSerializer
    filterset_class = filters.MeasureFilter
    ordering_fields = ["name", "created_at"]

    def get_object(self):
        measure = super().get_object()
        if self.action == "retrieve":
            measure.report = measure_report(measure, self.visible(Quantity))
        return measure


class ClaimRelationViewSet(VisibleRecordsMixin, AtomicWritesMixin, viewsets.ModelViewSet):
    """Relations between two claims."""

    serializer_class = ClaimRelationSerializer
    filterset_class = filters.ClaimRelationFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return self.visible(ClaimRelation).select_related("created_by")

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class ReviewViewSet(VisibleRecordsMixin, AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Reviewers' ratings of claims; the public reads published reviews only."""

    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter
    ordering_fields = ["published_at", "created_at"]

    def get_queryset(self):
        # select_related: rating (with its scale) and reviewer are in every row.
        corrections = ReviewCorrection.objects.select_related("old_rating__scale", "new_rating__scale")
        reviews = self.visible(Review).select_related("rating__scale", "reviewer", "publisher")
        return reviews.prefetch_related(Prefetch("corrections", queryset=corrections))

    def perform_create(self, serializer):
        serializer.save(reviewer=self.request.user)

    @extend_schema(request=None, responses={200: ReviewSerializer}, description="Publish the review "
                   "(If-Match required): it takes a rating, an explanation and the reviewer role.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        expected = self.if_match(request)
        review = review_publish(review=self.get_object(), user=request.user, expected_version=expected)
        return Response(self.get_serializer(review).data, headers={"ETag": etag(review)})
