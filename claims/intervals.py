"""Turn a hedged number ("almost 700", "over 300", "millions of") into the interval it asserts.

The rules, with v the stated value:

    exact                [v, v]
    about                [0.9 v, 1.1 v]        "about", "roughly", "around"
    almost               [0.9 v, v)            "almost", "nearly": short of v, but close
    over                 (v, +inf)             "over", "more than"
    at_least             [v, +inf)
    under                [0, v)                "under", "fewer than", "less than"
    at_most              [0, v]
    up_to                [0, v]
    between              [v, value_to]
    order_of_magnitude   [2 v, 1000 v)         "millions of": at least two million, short of a billion

Counts and amounts are not negative, so "under" and "at most" start at zero for positive values.
"""

from decimal import Decimal

from django.db import models
from django.db.backends.postgresql.psycopg_any import NumericRange as Range


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


APPROXIMATION = Decimal("0.1")


def interval_for(qualifier: str, value, value_to=None) -> Range:
    """Return the numeric range a qualified value asserts; raise ValueError when it asserts none."""
    v = Decimal(value)
    if value_to is not None and qualifier != Qualifier.BETWEEN:
        raise ValueError('Only "between" takes a second value.')
    floor = Decimal(0) if v > 0 else None
    match qualifier:
        case Qualifier.EXACT:
            return Range(v, v, "[]")
        case Qualifier.ABOUT:
            return Range(*sorted((v * (1 - APPROXIMATION), v * (1 + APPROXIMATION))), "[]")
        case Qualifier.ALMOST:
            return Range(v * (1 - APPROXIMATION), v, "[)") if v > 0 else Range(v, v, "[]")
        case Qualifier.OVER:
            return Range(v, None, "()")
        case Qualifier.AT_LEAST:
            return Range(v, None, "[)")
        case Qualifier.UNDER:
            return Range(floor, v, "[)")
        case Qualifier.AT_MOST | Qualifier.UP_TO:
            return Range(floor, v, "[]")
        case Qualifier.BETWEEN:
            if value_to is None or Decimal(value_to) < v:
                raise ValueError('"between" needs a second value no smaller than the first.')
            return Range(v, Decimal(value_to), "[]")
        case Qualifier.ORDER_OF_MAGNITUDE:
            if v <= 0:
                raise ValueError("An order of magnitude must be positive.")
            return Range(2 * v, 1000 * v, "[)")
    raise ValueError(f"Unknown qualifier {qualifier!r}.")
