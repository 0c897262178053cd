"""The interval a hedged number asserts ("almost 700", "over 300", "millions of").

With v the stated value:

    exact                [v, v]
    about                [0.9 v, 1.1 v]        "about", "roughly", "around", "some"
    almost               [0.9 v, v)            "almost", "nearly", "close to": short of v, but close
    over                 (v, +inf)             "over", "more than"
    at_least             [v, +inf)
    under                [0, v)                "under", "fewer than", "less than"
    at_most              [0, v]
    up_to                [0, v]
    between              [v, value_to]
    order_of_magnitude   [2 v, 10 v)           "hundreds of": at least two hundred, short of the next
                                               magnitude ("thousands"); "tens of thousands" [20,000, 100,000)

Counts and amounts are not negative, so "under" and "at most" start at zero for positive values.
"""

from dataclasses import dataclass
from decimal import Decimal

QUALIFIERS = (
    "exact", "about", "almost", "over", "at_least", "under", "at_most", "up_to", "between", "order_of_magnitude",
)  # fmt: skip
APPROXIMATION = Decimal("0.1")
MAGNITUDE = 10  # a vague amount stops short of the next magnitude: "millions" before "tens of millions"


@dataclass(frozen=True)
class Bounds:
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool


def bounds_for(qualifier: str, value, value_to=None) -> Bounds:
    """Return the bounds a qualified value asserts; raise ValueError when it asserts none."""
    v = Decimal(value)
    if not v.is_finite():
        raise ValueError("A quantity must be a finite number.")
    if value_to is not None and qualifier != "between":
        raise ValueError('Only "between" takes a second value.')
    floor = Decimal(0) if v > 0 else None
    match qualifier:
        case "exact":
            return Bounds(v, v, True, True)
        case "about":
            low, high = sorted((v * (1 - APPROXIMATION), v * (1 + APPROXIMATION)))
            return Bounds(low, high, True, True)
        case "almost":
            return Bounds(v * (1 - APPROXIMATION), v, True, False) if v > 0 else Bounds(v, v, True, True)
        case "over":
            return Bounds(v, None, False, False)
        case "at_least":
            return Bounds(v, None, True, False)
        case "under":
            return Bounds(floor, v, floor is not None, False)
        case "at_most" | "up_to":
            return Bounds(floor, v, floor is not None, True)
        case "between":
            if value_to is None or Decimal(value_to) < v:
                raise ValueError('"between" needs a second value no smaller than the first.')
            return Bounds(v, Decimal(value_to), True, True)
        case "order_of_magnitude":
            if v <= 0:
                raise ValueError("An order of magnitude must be positive.")
            return Bounds(2 * v, MAGNITUDE * v, True, False)
    raise ValueError(f"Unknown qualifier {qualifier!r}.")
