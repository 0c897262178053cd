"""sitemap.xml (Django's sitemaps framework): the public pages, the same records the pages show."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from claims.models import Claim, Measure, Review, Speaker


class ClaimSitemap(Sitemap):
    """Claims with a published verdict: the fact checks."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        reviews = Review.objects.visible_to(None).filter(claim=OuterRef("pk"))
        claims = Claim.objects.visible_to(None).filter(Exists(reviews))
        latest = reviews.order_by("-updated_at").values("updated_at")[:1]
        return claims.annotate(reviewed_at=Subquery(latest)).order_by("-id")

    def location(self, claim):
        return reverse("site:claim", args=[claim.pk])

    def lastmod(self, claim):
        return max(claim.updated_at, claim.reviewed_at or claim.updated_at)


class BySlugSitemap(Sitemap):
    """Pages named by their record's slug (`page`, a URL name), last changed when the record was."""

    changefreq = "weekly"
    priority = 0.5
    page = ""

    def location(self, record):
        return reverse(self.page, args=[record.slug])

    def lastmod(self, record):
        return record.updated_at


class SpeakerSitemap(BySlugSitemap):
    page = "site:speaker"

    def items(self):
        claims = Claim.objects.visible_to(None).filter(claimant=OuterRef("pk"))
        return Speaker.objects.visible_to(None).filter(Exists(claims)).order_by("slug")


class MeasureSitemap(BySlugSitemap):
    page = "site:measure"

    def items(self):
        return Measure.objects.order_by("slug")


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["site:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"home": HomeSitemap, "claims": ClaimSitemap, "speakers": SpeakerSitemap, "measures": MeasureSitemap}
