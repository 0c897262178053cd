"""API representations, one module a resource. Fields are listed explicitly so a new column never
leaks by accident."""

from claims.api.serializers.claims import (
    ClaimRelationSerializer,
    ClaimSerializer,
    ClaimSummarySerializer,
    NestedQuantitySerializer,
    QuantitySerializer,
    SimilarClaimSerializer,
    TransitionSerializer,
)
from claims.api.serializers.fields import SnippetMixin, SpeakerSlugField, slug_field
from claims.api.serializers.measures import (
    ConflictSerializer,
    MeasureDetailSerializer,
    MeasureRelationSerializer,
    MeasureSerializer,
    TimelineQuantitySerializer,
)
from claims.api.serializers.reviews import (
    ClaimReviewSerializer,
    RatingField,
    ReviewCorrectionSerializer,
    ReviewSerializer,
)
from claims.api.serializers.sources import ExtractionResultSerializer, QuoteSerializer, SourceSerializer
from claims.api.serializers.speakers import SpeakerProfileSerializer, SpeakerSerializer

__all__ = [
    "ClaimRelationSerializer",
    "ClaimReviewSerializer",
    "ClaimSerializer",
    "ClaimSummarySerializer",
    "ConflictSerializer",
    "ExtractionResultSerializer",
    "MeasureDetailSerializer",
    "MeasureRelationSerializer",
    "MeasureSerializer",
    "NestedQuantitySerializer",
    "QuantitySerializer",
    "QuoteSerializer",
    "RatingField",
    "ReviewCorrectionSerializer",
    "ReviewSerializer",
    "SimilarClaimSerializer",
    "SnippetMixin",
    "SourceSerializer",
    "SpeakerProfileSerializer",
    "SpeakerSerializer",
    "SpeakerSlugField",
    "TimelineQuantitySerializer",
    "TransitionSerializer",
    "slug_field",
]
