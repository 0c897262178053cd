"""The vocabularies: one definition drives the column, its constraint, admin labels, serializer
validation and filter choices."""

from django.db import models


def vocabulary(name: str, **labels: str) -> type[models.TextChoices]:
    """TextChoices whose members are named after their values: `in_review="In review"` gives IN_REVIEW."""
    members = [(value.upper(), (value, label)) for value, label in labels.items()]
    return models.TextChoices(name, members, module=__name__)


SpeakerKind = vocabulary(
    "SpeakerKind", person="Person", organization="Organization", outlet="News outlet", anonymous="Anonymous source"
)
SourceKind = vocabulary(
    "SourceKind", article="Article", transcript="Transcript", press_release="Press release", post="Social media post"
)
QuoteKind = vocabulary("QuoteKind", direct="Direct", indirect="Indirect", partial="Partial", mixed="Mixed")
AnchorStatus = vocabulary("AnchorStatus", exact="Exact", moved="Moved", changed="Changed", orphaned="Orphaned")
QuoteReviewStatus = vocabulary("QuoteReviewStatus", suggested="Suggested", confirmed="Confirmed", rejected="Rejected")
ClaimStatus = vocabulary(
    "ClaimStatus", draft="Draft", in_review="In review", published="Published", archived="Archived"
)
RelationKind = vocabulary(
    "RelationKind", same_truth_conditions="has the same truth conditions as", contradicts="contradicts",
    updates="updates", more_specific_than="is more specific than",
)  # fmt: skip
ReviewStatus = vocabulary("ReviewStatus", draft="Draft", published="Published")
