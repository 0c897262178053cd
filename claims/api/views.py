"""One ViewSet per resource. Anonymous clients read published data; writes need a role."""

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims.api import filters
from claims.api.claim_json import ClaimJSONPage, RawJSONList, claims_json
from claims.api.exceptions import Conflict, PreconditionFailed, PreconditionRequired
from claims.api.permissions import CanAnnotate, can_see_unpublished
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
from claims.services import WorkflowError, claim_transition, review_publish, source_extract_suggestions


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


def workflow_refusal(error: WorkflowError):
    """403 for the role, 409 for the record's state, 400 for what the record lacks."""
    return (PermissionDenied if error.permission else Conflict if error.conflict else ValidationError)(str(error))


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


class SpeakerViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """People and organisations who are quoted or make claims; private individuals stay hidden from the public."""

    serializer_class = SpeakerSerializer
    filterset_class = filters.SpeakerFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["name", "created_at"]

    def get_serializer_class(self):
        return SpeakerProfileSerializer if self.action == "retrieve" else SpeakerSerializer

    def get_queryset(self):
        # select_related: each speaker shows its organization's slug (one query per row otherwise).
        user = self.request.user
        speakers = Speaker.objects.visible_to(user).select_related("organization")
        if self.action == "retrieve":
            speakers = speakers.annotate(
                quote_count=Count("quotes", filter=Q(quotes__in=Quote.objects.visible_to(user)), distinct=True),
                claim_count=Count("claims", filter=Q(claims__in=Claim.objects.visible_to(user)), distinct=True),
            )
        return speakers


class SourceViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Articles and other documents that quotes are taken from."""

    # select_related: the outlet's slug is in every row.
    queryset = Source.objects.select_related("outlet")
    serializer_class = SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["published_at", "title", "created_at", "rank"]

    @extend_schema(request=None, responses={200: ExtractionResultSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanAnnotate])
    def extract(self, request, slug=None):
        """Run the extractor on the source's body and store its quotes as suggestions."""
        report = source_extract_suggestions(source=self.get_object())
        result = {"created": report.created, "updated": report.updated, "kept": report.kept,
                  "claims": report.claims, "quotes": QuoteSerializer(report.quotes, many=True).data}  # fmt: skip
        return Response(result)


class QuoteViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
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
        return Quote.objects.visible_to(self.request.user).select_related("speaker", "source")


class ClaimViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Checkable claims with their quantities; the public reads published claims only."""

    serializer_class = ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["created_at", "checkworthiness", "rank"]

    def get_queryset(self):
        claims = Claim.objects.visible_to(self.request.user)
        if self.sql_built():
            return claims  # claims.api.claim_json reads the related records itself
        # select_related + prefetch: claimant slug, appearance ids and quantities (with their
        # measure's slug) would otherwise cost three queries per claim.
        appearances = Quote.objects.visible_to(self.request.user).only("id")
        appearances = appearances.order_by("source_id", "start", "id")  # document order, as in claims.api.claim_json
        return claims.select_related("claimant").prefetch_related(
            Prefetch("appearances", queryset=appearances),
            Prefetch("quantities", queryset=Quantity.objects.select_related("measure")),
        )

    def sql_built(self) -> bool:
        """JSON reads of lists and single claims are written by PostgreSQL (claims.api.claim_json); CSV, the
        browsable API and writes use the serializer."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action in ("list", "retrieve") and isinstance(renderer, JSONRenderer)

    def list(self, request, *args, **kwargs):
        if not self.sql_built():
            return super().list(request, *args, **kwargs)
        claims = ClaimJSONPage(self.filter_queryset(self.get_queryset()), staff=can_see_unpublished(request),
                               search=filters.search_text(request))  # fmt: skip
        return self.get_paginated_response(RawJSONList(self.paginate_queryset(claims)))

    def retrieve(self, request, *args, **kwargs):
        if not self.sql_built():
            return super().retrieve(request, *args, **kwargs)
        try:  # the id as the ORM reads it; what it cannot read is not found, as get_object_or_404 answers
            pk = Claim._meta.pk.get_prep_value(kwargs["pk"])
        except (TypeError, ValueError) as error:
            raise Http404 from error
        if not -(2**63) <= pk < 2**63:  # no such id in a bigint column
            raise Http404
        staff = can_see_unpublished(request)
        # One statement: the claim's JSON, if it is one this reader may see (get_queryset's rule).
        rows = claims_json([pk], staff=staff, status=None if staff else Claim.Status.PUBLISHED)
        if not rows:
            raise Http404
        [(row, version)] = rows
        return Response(row, headers={"ETag": f'"{version}"'})

    @extend_schema(request=TransitionSerializer, responses={200: ClaimSerializer}, description="Move the claim "
                   "through draft -> in_review -> published -> archived (If-Match required). Editors send claims to "
                   "review and back; reviewers publish, unpublish and archive.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        expected = self.if_match(request)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            claim = claim_transition(claim=self.get_object(), to_status=body.validated_data["status"],
                                     user=request.user, note=body.validated_data.get("note", ""),
                                     expected_version=expected)  # fmt: skip
        except WorkflowError as error:
            raise workflow_refusal(error) from error
        return Response(self.get_serializer(claim).data, headers={"ETag": etag(claim)})

    @extend_schema(responses={200: SimilarClaimSerializer(many=True)}, description="Claims worded the same or "
                   "closely: full-text candidates re-scored by trigram similarity; duplicates after normalisation "
                   "flagged.")  # fmt: skip
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request, pk=None):
        claim = self.get_object()
        matches = similar_claims(claim, Claim.objects.visible_to(request.user).select_related("claimant"))
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
    # sources are read for every document.
    appearances = Quote.objects.select_related("source__outlet")
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


class QuantityViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Numbers stated in claims: value, qualifier ("almost", "over") and the interval they assert."""

    serializer_class = QuantitySerializer
    filterset_class = filters.QuantityFilter
    ordering_fields = ["value", "as_of", "created_at"]

    def get_queryset(self):
        # select_related: the measure's slug is in every row.
        return Quantity.objects.visible_to(self.request.user).select_related("measure")


class MeasureViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """What quantities count, so that numbers about the same thing can be checked against each other."""

    queryset = Measure.objects.all()
    filterset_class = filters.MeasureFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["name", "created_at"]

    def get_serializer_class(self):
        return MeasureDetailSerializer if self.action == "retrieve" else MeasureSerializer

    def get_object(self):
        measure = super().get_object()
        if self.action == "retrieve":
            measure.report = measure_report(measure, Quantity.objects.visible_to(self.request.user))
        return measure


class ClaimRelationViewSet(AtomicWritesMixin, viewsets.ModelViewSet):
    """Relations between two claims."""

    serializer_class = ClaimRelationSerializer
    filterset_class = filters.ClaimRelationFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return ClaimRelation.objects.visible_to(self.request.user).select_related("created_by")

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class ReviewViewSet(AtomicWritesMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Reviewers' ratings of claims; the public reads published reviews only."""

    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter
    ordering_fields = ["published_at", "created_at"]

    def get_queryset(self):
        # select_related: rating (with its scale) and reviewer are in every row.
        corrections = ReviewCorrection.objects.select_related("old_rating__scale", "new_rating__scale")
        reviews = Review.objects.visible_to(self.request.user).select_related("rating__scale", "reviewer", "publisher")
        return reviews.prefetch_related(Prefetch("corrections", queryset=corrections))

    def perform_create(self, serializer):
        serializer.save(reviewer=self.request.user)

    @extend_schema(request=None, responses={200: ReviewSerializer}, description="Publish the review "
                   "(If-Match required): it takes a rating, an explanation and the reviewer role.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        expected = self.if_match(request)
        try:
            review = review_publish(review=self.get_object(), user=request.user, expected_version=expected)
        except WorkflowError as error:
            raise workflow_refusal(error) from error
        return Response(self.get_serializer(review).data, headers={"ETag": etag(review)})
