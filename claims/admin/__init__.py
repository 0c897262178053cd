"""The editors' and reviewers' workspace. Declarative; rules live in models and services.

One module a part of the newsroom's work: sources (annotation), claims (the workflow and the
figures), reviews (verdicts); base holds what they share."""

from django.conf import settings
from django.contrib import admin

from claims.admin import claims, reviews, sources

# The product and the newsroom it serves (FACTCHECK_ORGANIZATION), on every admin page.
_newsroom = settings.FACTCHECK_ORGANIZATION
admin.site.site_title = "Factcheck"
admin.site.site_header = "Factcheck" if _newsroom == "Factcheck" else f"Factcheck · {_newsroom}"
admin.site.index_title = "Sources, quotes, claims and reviews"
admin.site.enable_nav_sidebar = False  # the index and breadcrumbs lead everywhere; pages keep 1280 px for the work
admin.site.site_url = "/"  # "View site": the public site's home page

__all__ = ["claims", "reviews", "sources"]
