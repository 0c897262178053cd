"""A measure's figures as a server-drawn SVG chart: one row per figure, in the order of the timeline,
its interval drawn as a bar on one shared axis. A bound the figure includes ends in a filled dot, one
it excludes in a hollow dot; an unbounded side runs to the axis's edge and ends in an arrow. Figures
that conflict with another are drawn in red and marked with "!" (never by colour alone)."""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, LEFT, RIGHT, ROW, TOP, AXIS = 560, 190, 20, 34, 12, 40  # narrow: the text stays legible on a phone
PLOT = WIDTH - LEFT - RIGHT
INK, CONFLICT, MUTED = "#1f4e79", "#b00020", "#555"


def intervals_svg(quantities, conflicting: set, *, unit: str = "") -> str:
    if not quantities:
        return ""
    low, high = _extent(quantities)
    scale = _Scale(low, high)
    height = TOP + ROW * len(quantities) + AXIS
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="14">',
        '<title id="chart-title">Figures given for this measure, as intervals</title>',
        f'<desc id="chart-desc">{len(quantities)} figures on an axis from {_number(scale.low)} to '
        f"{_number(scale.high)}{escape(' ' + unit) if unit else ''}; the table below lists them.</desc>",
    ]
    for tick in scale.ticks():
        x = scale.x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - AXIS + 4}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - AXIS + 20}" text-anchor="middle" fill="{MUTED}">'
                     f"{_number(tick)}</text>")  # fmt: skip
    if unit:
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{height - 4}" text-anchor="end" fill="{MUTED}">{escape(unit)}</text>'
        )
    for n, quantity in enumerate(quantities):
        parts += _row(quantity, TOP + ROW * n + ROW / 2, scale, id(quantity) in conflicting)
    parts.append("</svg>")
    return mark_safe("\n".join(parts))


def _row(quantity, y: float, scale: "_Scale", conflict: bool) -> list[str]:
    colour = CONFLICT if conflict else INK
    interval = quantity.interval
    when = quantity.as_of.isoformat() if quantity.as_of else "undated"
    label = f"{'! ' if conflict else ''}{when} · {quantity.surface}"
    shown = label if len(label) <= 26 else label[:25] + "…"
    out = [f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end" fill="{colour}">{escape(shown)}</text>']
    x1 = scale.x(interval.lower) if interval.lower is not None else LEFT
    x2 = scale.x(interval.upper) if interval.upper is not None else WIDTH - RIGHT
    out.append(f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="8" '
               'stroke-linecap="butt" opacity="0.85"/>')  # fmt: skip
    for bound, x, inclusive, side in ((interval.lower, x1, interval.lower_inc, -1),
                                      (interval.upper, x2, interval.upper_inc, 1)):  # fmt: skip
        if bound is None:
            tip = x + side * 8
            out.append(f'<path d="M{x:.1f},{y - 8:.1f} L{tip:.1f},{y:.1f} L{x:.1f},{y + 8:.1f} Z" fill="{colour}"/>')
        else:
            fill = colour if inclusive else "#fff"
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{colour}" stroke-width="2"/>')
    return out


def _extent(quantities) -> tuple[float, float]:
    """The axis's span: every finite bound and value, with some room on both sides."""
    values = []
    for quantity in quantities:
        interval = quantity.interval
        values += [float(v) for v in (interval.lower, interval.upper, quantity.value) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = (low - 1, high + 1) if low == 0 else (low * 0.9, high * 1.1) if low > 0 else (low * 1.1, high * 0.9)
    room = (high - low) * 0.08
    return (max(0.0, low - room) if low >= 0 else low - room), high + room


class _Scale:
    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def x(self, value) -> float:
        value = float(value) if isinstance(value, Decimal | int) else value
        clamped = min(max(value, self.low), self.high)
        return LEFT + (clamped - self.low) / (self.high - self.low) * PLOT

    def ticks(self, count: int = 5) -> list[float]:
        """Round values across the axis: steps of 1, 2 or 5 times a power of ten."""
        raw = (self.high - self.low) / count
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
        first = math.ceil(self.low / step) * step
        return [first + n * step for n in range(count + 2) if first + n * step <= self.high]


def _number(value: float) -> str:
    """An axis number as a reader writes it: 680, 2.5, 1.2 million."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.3g}"
