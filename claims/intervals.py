"""Hedged numbers as PostgreSQL numeric ranges; the rules are in claims/extraction/hedges.py."""

from django.db import models
from django.db.backends.postgresql.psycopg_any import NumericRange

from claims.extraction.hedges import bounds_for


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    ABOUT = "about", "about"
    ALMOST = "almost", "almost"
    OVER = "over", "over"
    AT_LEAST = "at_least", "at least"
    UNDER = "under", "under"
    AT_MOST = "at_most", "at most"
    UP_TO = "up_to", "up to"
    BETWEEN = "between", "between"
    ORDER_OF_MAGNITUDE = "order_of_magnitude", "order of magnitude"


def interval_for(qualifier: str, value, value_to=None) -> NumericRange:
    """Return the numeric range a qualified value asserts; raise ValueError when it asserts none."""
    b = bounds_for(qualifier, value, value_to)
    return NumericRange(b.lower, b.upper, ("[" if b.lower_inclusive else "(") + ("]" if b.upper_inclusive else ")"))
