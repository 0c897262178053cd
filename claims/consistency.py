"""Whether the figures given for one measure can all be true, and which pairs cannot.

Two quantities of a measure conflict when their intervals share no value ("almost 700" and
"over 900"), unless the measure varies over time and their as-of dates differ. A relation
"released <= detained" adds conflicts across measures: a figure for the smaller measure whose
every value exceeds every value of a figure for the larger one.
"""

import bisect
from dataclasses import dataclass

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
    conflicts: list[Conflict]  # at most MAX_LISTED of the measure's own, and as many across relations
    conflict_count: int = 0  # all of them

    @property
    def consistent(self) -> bool:
        return not self.conflicts


def measure_report(measure: Measure, quantities) -> MeasureReport:
    """Check `quantities` (the ones the reader may see) of `measure` and of its related measures."""
    ordered = F("as_of").asc(nulls_last=True)
    timeline = list(quantities.filter(measure=measure).select_related("claim__claimant").order_by(ordered, "id"))
    position = {id(quantity): n for n, quantity in enumerate(timeline)}
    count, pairs = 0, []
    for lows, highs in comparable_groups(measure, timeline):
        found, listed = disjoint_pairs(lows, highs, limit=MAX_LISTED - len(pairs))
        count, pairs = count + found, pairs + listed
    pairs = sorted((tuple(sorted(pair, key=lambda q: position[id(q)])) for pair in pairs),
                   key=lambda pair: (position[id(pair[0])], position[id(pair[1])]))  # fmt: skip
    conflicts = [Conflict(a, b, f"“{a.surface}” {bounds(a)} and “{b.surface}” {bounds(b)} share no value")
                 for a, b in pairs]  # fmt: skip
    across, across_count = [], 0  # figures against those of related measures ("released <= detained")
    for relation in measure.at_most_relations.select_related("larger"):
        larger = list(quantities.filter(measure=relation.larger).select_related("claim__claimant"))
        found, listed = _order_conflicts(measure, timeline, relation.larger, larger, limit=MAX_LISTED - len(across))
        across_count, across = across_count + found, across + listed
    for relation in measure.at_least_relations.select_related("smaller"):
        smaller = list(quantities.filter(measure=relation.smaller).select_related("claim__claimant"))
        found, listed = _order_conflicts(relation.smaller, smaller, measure, timeline, limit=MAX_LISTED - len(across))
        across_count, across = across_count + found, across + listed
    return MeasureReport(timeline, conflicts + across, conflict_count=count + across_count)


def _order_conflicts(small_measure, smalls, large_measure, larges, *, limit: int) -> tuple[int, list[Conflict]]:
    """How many figures of the smaller measure exceed one of the larger, and up to `limit` of the pairs."""
    if not (small_measure.varies_over_time or large_measure.varies_over_time):
        count, pairs = disjoint_pairs(larges, smalls, limit=limit)
    else:  # a later figure of the smaller measure may exceed an earlier one of the larger
        pairs = [(large, small) for small in smalls for large in larges if below(large, small)
                 and not (small.as_of and large.as_of and small.as_of < large.as_of)]  # fmt: skip
        count, pairs = len(pairs), pairs[:limit]
    return count, [
        Conflict(
            small,
            large,
            f"“{small.surface}” {small_measure.counted} {bounds(small)} exceeds "
            f"“{large.surface}” {large_measure.counted} {bounds(large)}",
        )  # fmt: skip
        for large, small in pairs
    ]


MAX_LISTED = 100  # conflicting pairs listed in a report; conflict_count counts them all


def comparable_groups(measure: Measure, timeline: list[Quantity]):
    """Pairs of lists whose figures are compared one with another: all of them, or, for a measure that
    varies over time, those of one date, and those of no date with every other."""
    if not measure.varies_over_time:
        return [(timeline, timeline)]
    undated = [q for q in timeline if not q.as_of]
    dated = [q for q in timeline if q.as_of]
    by_date: dict = {}
    for quantity in dated:
        by_date.setdefault(quantity.as_of, []).append(quantity)
    return [*((group, group) for group in by_date.values()), (undated, undated), (undated, dated), (dated, undated)]


def disjoint_pairs(lows: list[Quantity], highs: list[Quantity], *, limit: int) -> tuple[int, list[tuple]]:
    """How many pairs (a of lows, b of highs) have a wholly below b, and up to `limit` of them.

    Sorted by upper bound, the figures below b are a prefix, found by bisection: n log n, not n²."""
    ends = sorted((_upper_key(a), n) for n, a in enumerate(lows) if a.interval.upper is not None)
    keys = [key for key, _ in ends]
    count, listed = 0, []
    for b in highs:
        if b.interval.lower is None:
            continue
        below_b = bisect.bisect_left(keys, (b.interval.lower, 1 if b.interval.lower_inc else 2))
        count += below_b
        listed += [(lows[n], b) for _, n in ends[: max(0, min(below_b, limit - len(listed)))]]
    return count, listed


def _upper_key(quantity: Quantity) -> tuple:
    return (quantity.interval.upper, 1 if quantity.interval.upper_inc else 0)


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
