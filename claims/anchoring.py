"""Find a quote again after its document's text changed (W3C TextQuoteSelector, then fuzzy).

Pure Python. The order follows how annotation tools re-anchor: the old position if it still
holds the same words (exact); else the same words elsewhere, the occurrence whose surrounding
text best matches the stored prefix and suffix (moved); else the stretch between the stored
prefix and suffix, or the closest approximate match near the old position (changed); else
nothing (orphaned).
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

FUZZY_THRESHOLD = 0.6  # share of matching characters for an approximate match to count
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    status: str  # exact, moved, changed, orphaned


def reanchor(body: str, *, exact: str, prefix: str, suffix: str, start: int) -> Anchor:
    if body[start : start + len(exact)] == exact:
        return Anchor(start, start + len(exact), "exact")
    moved = _best_occurrence(body, exact, prefix, suffix, start)
    if moved is not None:
        return Anchor(moved, moved + len(exact), "moved")
    between = _between_context(body, prefix, suffix, len(exact), start)
    if between is not None:
        return Anchor(*between, "changed")
    fuzzy = _fuzzy(body, exact, start)
    if fuzzy is not None:
        return Anchor(*fuzzy, "changed")
    position = min(max(start, 0), max(len(body) - 1, 0))
    return Anchor(position, min(position + 1, len(body)), "orphaned")


def changed_numbers(old: str, new: str) -> list[tuple[str, str]]:
    """Numbers that differ between two versions of a quote: [("700", "800")]."""
    before, after = NUMBER.findall(old), NUMBER.findall(new)
    pairs = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    pairs += [(a, "") for a in before[len(after) :]] + [("", b) for b in after[len(before) :]]
    return pairs


def _best_occurrence(body: str, exact: str, prefix: str, suffix: str, start: int) -> int | None:
    if not exact:
        return None
    found, position = [], body.find(exact)
    while position != -1 and len(found) < 1000:
        found.append(position)
        position = body.find(exact, position + 1)
    if not found:
        return None

    def score(at: int) -> tuple:
        before, after = body[max(0, at - len(prefix)) : at], body[at + len(exact) : at + len(exact) + len(suffix)]
        context = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        return (-context, abs(at - start))

    return min(found, key=score)


def _between_context(body: str, prefix: str, suffix: str, length: int, start: int) -> tuple[int, int] | None:
    """The text now between the quote's old prefix and suffix, if both still stand close together."""
    if len(prefix) < 8 or len(suffix) < 8:
        return None
    candidates = []
    position = body.find(prefix)
    while position != -1 and len(candidates) < 100:
        begin = position + len(prefix)
        end = body.find(suffix, begin, begin + 2 * length + 64)
        if end > begin:
            candidates.append((begin, end))
        position = body.find(prefix, position + 1)
    return min(candidates, key=lambda c: abs(c[0] - start)) if candidates else None


def _fuzzy(body: str, exact: str, start: int) -> tuple[int, int] | None:
    """The closest approximate match in a window around the old position."""
    if len(exact) < 8:
        return None
    window_start = max(0, start - 2 * len(exact) - 200)
    window = body[window_start : start + 3 * len(exact) + 200]
    matcher = SequenceMatcher(None, window, exact, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks or sum(b.size for b in blocks) < FUZZY_THRESHOLD * len(exact):
        return None
    begin, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    if end - begin > 2 * len(exact):
        return None
    return window_start + begin, window_start + end


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def anchor_errors(body: str, start: int, end: int, text: str, *, kind: str, verbatim: bool) -> dict[str, str]:
    """Field errors for a quote anchored at [start, end) of body (none when valid); a verbatim kind
    of quote (direct, partial) must read exactly what the body holds there."""
    if not 0 <= start < end:
        return {"end": "The quote must end after it starts (0 <= start < end)."}
    if end > len(body):
        return {"end": f"The quote ends at {end}, after the end of the source body ({len(body)} characters)."}
    if verbatim and body[start:end] != text:
        return {"text": f"A {kind} quote must equal the body at its offsets, which reads “{body[start:end]}”."}
    return {}
