"""The public site's addresses (claims.views), its feed and its sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from claims import views
from claims.feeds import LatestReviewsFeed
from claims.sitemaps import SITEMAPS

app_name = "site"


class UnicodeSlug:
    """What SlugField(allow_unicode=True) holds: the API's slug pattern too."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlug, "uslug")

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("speakers/<uslug:slug>/", views.speaker_detail, name="speaker"),
    path("measures/<uslug:slug>/", views.measure_detail, name="measure"),
    path("sources/<uslug:slug>/", views.source_detail, name="source"),
    path("search/", views.search, name="search"),
    path("feed/", LatestReviewsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
