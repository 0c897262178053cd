"""The vocabularies: one definition drives the column, its constraint, admin labels, serializer
validation and filter choices."""

from django.db import models


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    OUTLET = "outlet", "News outlet"
    ANONYMOUS = "anonymous", "Anonymous source"


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    TRANSCRIPT = "transcript", "Transcript"
    PRESS_RELEASE = "press_release", "Press release"
    POST = "post", "Social media post"


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    PARTIAL = "partial", "Partial"
    MIXED = "mixed", "Mixed"


class AnchorStatus(models.TextChoices):
    EXACT = "exact", "Exact"
    MOVED = "moved", "Moved"
    CHANGED = "changed", "Changed"
    ORPHANED = "orphaned", "Orphaned"


class QuoteReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class RelationKind(models.TextChoices):
    SAME_TRUTH_CONDITIONS = "same_truth_conditions", "has the same truth conditions as"
    CONTRADICTS = "contradicts", "contradicts"
    UPDATES = "updates", "updates"
    MORE_SPECIFIC_THAN = "more_specific_than", "is more specific than"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
