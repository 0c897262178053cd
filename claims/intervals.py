"""Hedged numbers as PostgreSQL numeric ranges.

The rules are written twice on purpose: in Python (claims/extraction/hedges.py, for the
extractor and for validation) and as the SQL expression of Quantity.interval, a generated
column, so bulk and raw writes get the same interval. A test checks that both agree.
"""

from decimal import Decimal

from django.contrib.postgres.fields import DecimalRangeField
from django.db import models
from django.db.backends.postgresql.psycopg_any import NumericRange
from django.db.models import Case, F, Func, Value, When

from claims.extraction.hedges import MAGNITUDE, bounds_for


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


def _numrange(lower, upper, bounds: str) -> Func:
    return Func(lower, upper, Value(bounds), function="numrange", output_field=DecimalRangeField())


def _times(factor: str):
    return F("value") * Value(Decimal(factor))


def interval_expression() -> Case:
    """SQL for the interval of ``bounds_for(qualifier, value, value_to)``."""
    v, null, positive = F("value"), Value(None, output_field=models.DecimalField()), models.Q(value__gt=0)

    def open_floor(closing: str) -> Case:  # "[0, v)" for counts, "(-inf, v)" otherwise
        return Case(When(positive, then=_numrange(Value(Decimal(0)), v, "[" + closing)),
                    default=_numrange(null, v, "(" + closing))  # fmt: skip

    return Case(
        When(qualifier=Qualifier.EXACT, then=_numrange(v, v, "[]")),
        When(qualifier=Qualifier.ABOUT, then=_numrange(
            Func(_times("0.9"), _times("1.1"), function="LEAST"),
            Func(_times("0.9"), _times("1.1"), function="GREATEST"), "[]")),
        When(qualifier=Qualifier.ALMOST, then=Case(
            When(positive, then=_numrange(_times("0.9"), v, "[)")), default=_numrange(v, v, "[]"))),
        When(qualifier=Qualifier.OVER, then=_numrange(v, null, "()")),
        When(qualifier=Qualifier.AT_LEAST, then=_numrange(v, null, "[)")),
        When(qualifier=Qualifier.UNDER, then=open_floor(")")),
        When(qualifier__in=[Qualifier.AT_MOST, Qualifier.UP_TO], then=open_floor("]")),
        When(qualifier=Qualifier.BETWEEN, then=_numrange(v, F("value_to"), "[]")),
        When(qualifier=Qualifier.ORDER_OF_MAGNITUDE, then=_numrange(_times("2"), _times(str(MAGNITUDE)), "[)")),
        output_field=DecimalRangeField(),
    )  # fmt: skip
