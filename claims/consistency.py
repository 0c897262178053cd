"""Whether the figures given for one measure can all be true, and which pairs cannot.

Two quantities of a measure conflict when their intervals share no value ("almost 700" and
"over 900"), unless the measure varies over time and their as-of dates differ. A relation
"released <= detained" adds conflicts across measures: a figure for the smaller measure whose
every value exceeds every value of a figure for the larger one.
"""

from dataclasses import dataclass
from itertools import combinations

from django.db.models import F

from claims.models import Measure, Quantity


@dataclass
class Conflict:
    first: Quantity
    second: Quantity
    reason: str


@dataclass
class MeasureReport:
    timeline: list[Quantity]
    conflicts: list[Conflict]

    @property
    def consistent(self) -> bool:
        return not self.conflicts


def measure_report(measure: Measure, quantities) -> MeasureReport:
    """Check `quantities` (the ones the reader may see) of `measure` and of its related measures."""
    ordered = F("as_of").asc(nulls_last=True)
    timeline = list(quantities.filter(measure=measure).select_related("claim__claimant").order_by(ordered, "id"))
    conflicts = [
        Conflict(a, b, f"“{a.surface}” {bounds(a)} and “{b.surface}” {bounds(b)} share no value")
        for a, b in combinations(timeline, 2)
        if comparable(measure, a, b) and (below(a, b) or below(b, a))
    ]
    for relation in measure.at_most_relations.select_related("larger"):
        larger = list(quantities.filter(measure=relation.larger).select_related("claim__claimant"))
        conflicts += _order_conflicts(measure, timeline, relation.larger, larger)
    for relation in measure.at_least_relations.select_related("smaller"):
        smaller = list(quantities.filter(measure=relation.smaller).select_related("claim__claimant"))
        conflicts += _order_conflicts(relation.smaller, smaller, measure, timeline)
    return MeasureReport(timeline, conflicts)


def _order_conflicts(small_measure, smalls, large_measure, larges) -> list[Conflict]:
    return [
        Conflict(
            small,
            large,
            f"“{small.surface}” {small_measure.counted} {bounds(small)} exceeds "
            f"“{large.surface}” {large_measure.counted} {bounds(large)}",
        )  # fmt: skip
        for small in smalls
        for large in larges
        if below(large, small)
        and not (
            small.as_of
            and large.as_of
            and small.as_of < large.as_of
            and (small_measure.varies_over_time or large_measure.varies_over_time)
        )  # fmt: skip
    ]


def comparable(measure: Measure, a: Quantity, b: Quantity) -> bool:
    return not (measure.varies_over_time and a.as_of and b.as_of and a.as_of != b.as_of)


def below(a: Quantity, b: Quantity) -> bool:
    """Whether every value of a's interval is smaller than every value of b's."""
    upper, lower = a.interval.upper, b.interval.lower
    if upper is None or lower is None:
        return False
    return upper < lower or (upper == lower and not (a.interval.upper_inc and b.interval.lower_inc))


def bounds(quantity: Quantity) -> str:
    interval = quantity.interval
    low = "-inf" if interval.lower is None else f"{interval.lower.normalize():f}"
    high = "+inf" if interval.upper is None else f"{interval.upper.normalize():f}"
    return f"{'[' if interval.lower_inc else '('}{low}, {high}{']' if interval.upper_inc else ')'}"
