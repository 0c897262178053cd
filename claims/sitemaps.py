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


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        claims = Claim.objects.visible_to(None).filter(claimant=OuterRef("pk"))
        return Speaker.objects.visible_to(None).filter(Exists(claims)).order_by("slug")

    def location(self, speaker):
        return reverse("site:speaker", args=[speaker.slug])

    def lastmod(self, speaker):
        return speaker.updated_at


class MeasureSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Measure.objects.order_by("slug")

    def location(self, measure):
        return reverse("site:measure", args=[measure.slug])

    def lastmod(self, measure):
        return measure.updated_at


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["site:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"home": HomeSitemap, "claims": ClaimSitemap, "speakers": SpeakerSitemap, "measures": MeasureSitemap}
