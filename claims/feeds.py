"""Published reviews as an Atom feed (Django's syndication framework), newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from claims.models import Review
from claims.querysets import named_to

FEED_SIZE = 50


class LatestReviewsFeed(Feed):
    feed_type = Atom1Feed
    title = f"{settings.FACTCHECK_ORGANIZATION}: latest fact checks"
    subtitle = "Verdicts on claims, newest first."

    def link(self):
        return reverse("site:home")

    def items(self):
        reviews = Review.objects.visible_to(None).select_related("claim__claimant", "rating__scale")
        return reviews.order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, review):
        return f"{review.rating.label}: {review.claim_reviewed or review.claim.text}"

    def item_description(self, review):
        claimant = review.claim.claimant
        said = f"Said by {claimant.name}. " if named_to(claimant, None) else ""
        return f"{said}{review.explanation}"

    def item_link(self, review):
        return reverse("site:claim", args=[review.claim_id])

    def item_guid(self, review):
        return f"urn:uuid:{review.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, review):
        return review.published_at

    def item_updateddate(self, review):
        return review.updated_at

    def item_author_name(self, review):
        return settings.FACTCHECK_ORGANIZATION

    def item_categories(self, review):
        return review.claim.topics
