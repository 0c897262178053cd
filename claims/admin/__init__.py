"""The editors' and reviewers' workspace. Declarative; rules live in models and services.

One module a part of the newsroom's work: sources (annotation), claims (the workflow and the
figures), reviews (verdicts); base holds what they share."""

from claims.admin import claims, reviews, sources

__all__ = ["claims", "reviews", "sources"]
