"""Reads as QuerySet adjectives, and who may see what: one `public()` a model, and `visible_to(user)`
for every read path (the API's views and filters, the SQL-built rows, the feeds, the public pages)."""

from django.db import models
from django.db.backends.postgresql.psycopg_any import NumericRange
from django.db.models import Case, Count, F, Q, Value, When

from claims.choices import ClaimStatus, QuoteReviewStatus, ReviewStatus


def sees_unpublished(user) -> bool:
    """Staff with a role see drafts, suggestions and private names; everyone else, published data."""
    return bool(user is not None and user.is_authenticated and user.has_perm("claims.view_claim"))


def named_to(speaker, user) -> bool:
    """Whether this reader may read who the speaker is: private individuals are no one to the public
    (the row-level form of `SpeakerQuerySet.public`)."""
    return speaker is not None and (not speaker.is_private or sees_unpublished(user))


def named_to_sql(relation: str, field: str, user):
    """`named_to` as an expression, for JSON PostgreSQL writes: the `field` of the speaker at
    `relation`, or null where this reader may not read who it is."""
    value = F(f"{relation}__{field}")
    if sees_unpublished(user):
        return value
    return Case(When(Q(**{f"{relation}__is_private": True}), then=Value(None)), default=value)


class VisibleQuerySet(models.QuerySet):
    """Who may see which records: one rule a model, in its `public()`, for every read path (the API's
    views and filters, the SQL-built rows, the feeds)."""

    def visible_to(self, user):
        """Every record to staff with a role; the published ones to everyone else."""
        return self if sees_unpublished(user) else self.public()

    def public(self):
        return self


class SpeakerQuerySet(VisibleQuerySet):
    def public(self):
        """Private individuals are no one to the public."""
        return self.filter(is_private=False)


class SourceQuerySet(VisibleQuerySet):
    def by_outlet(self, slug):
        return self.filter(outlet__slug=slug)


class QuoteQuerySet(VisibleQuerySet):
    def confirmed(self):
        return self.filter(review_status=QuoteReviewStatus.CONFIRMED)

    public = confirmed  # suggestions are an editor's work in progress

    def by_speaker(self, slug):
        return self.filter(speaker__slug=slug)


class ClaimQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=ClaimStatus.PUBLISHED)

    public = published  # drafts, claims in review and archived ones are the newsroom's

    def by_speaker(self, slug):
        return self.filter(claimant__slug=slug)


class ClaimRelationQuerySet(VisibleQuerySet):
    def public(self):
        """A relation is public when both its claims are."""
        published = ClaimStatus.PUBLISHED
        return self.filter(subject__status=published, object__status=published)


class QuantityQuerySet(VisibleQuerySet):
    def public(self):
        """A number is as public as the claim that states it."""
        return self.filter(claim__status=ClaimStatus.PUBLISHED)

    def overlapping(self, low=None, high=None):
        """Quantities whose interval shares a value with [low, high] (either side may be open)."""
        if low is not None and high is not None and low > high:
            return self.none()  # an empty range overlaps nothing
        return self.filter(interval__overlap=NumericRange(low, high, "[]"))


class ReviewQuerySet(VisibleQuerySet):
    def published(self):
        """Published verdicts on published claims."""
        return self.filter(status=ReviewStatus.PUBLISHED, claim__status=ClaimStatus.PUBLISHED)

    public = published

    def scorecard(self):
        """The reviews counted by rating label, best first within each scale (a speaker's scorecard)."""
        return (
            self.values(scale_slug=F("rating__scale__slug"), rating_slug=F("rating__slug"), label=F("rating__label"))
            .annotate(count=Count("id"))
            .order_by("scale_slug", F("rating__value").desc(nulls_last=True), "label")
        )
