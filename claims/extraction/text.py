"""Paragraphs, quotation spans and sentences of a plain text, with code-point offsets.

Every scan here is a single left-to-right pass, so extraction stays linear in the text.
"""

import bisect
import re
from dataclasses import dataclass

from claims.extraction.lexicon import SPEECH_VERBS

OPENING = {"“": "”", "„": "”", "«": "»", '"': '"'}
CLOSING = {"”", "»", '"'}
# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st", "jr", "sr", "prof",
    "rev", "hon", "pres", "u.s", "u.n", "u.k", "d.c", "no", "vs", "v", "inc", "corp", "co", "ltd", "jan", "feb",
    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "a.m", "p.m", "e.g", "i.e", "etc", "mt", "ft", "ave",
}  # fmt: skip


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class QuoteMark:
    """A quotation: ``open``/``close`` are the offsets of its marks (close is None when unclosed)."""

    open: int
    close: int | None
    paragraph: Span

    @property
    def content(self) -> Span:
        return Span(self.open + 1, self.close if self.close is not None else self.paragraph.end)

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.paragraph.end


def paragraphs(text: str) -> list[Span]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        if text[start : match.start()].strip():
            spans.append(_trimmed(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


QUOTE_CHARACTER = re.compile('[“„«"”»]')  # the only characters `quotations` acts on


def quotations(text: str, paragraph: Span) -> list[QuoteMark]:
    """Find the double-quoted stretches of a paragraph; a quote left open runs to its end."""
    marks, open_at, expected, nested = [], None, None, 0
    for found in QUOTE_CHARACTER.finditer(text, paragraph.start, paragraph.end):
        i, char = found.start(), found.group()
        if open_at is None:
            if char in OPENING and _opens(text, i, paragraph):
                open_at, expected, nested = i, OPENING[char], 0
            elif char == "”" and (i == paragraph.start or text[i - 1] in " \u00a0(["):
                open_at, expected, nested = i, "”", 0  # a closing mark typed to open: ”Fear. I am afraid ...”
        elif expected == '"' and char in "“”":  # a straight opening closed by a curly mark: "...,” he said
            nested += 1 if char == "“" else -1
            if nested < 0:
                marks.append(QuoteMark(open_at, i, paragraph))
                open_at = None
        elif char == expected or (char in CLOSING and expected != '"'):
            marks.append(QuoteMark(open_at, i, paragraph))
            open_at = None
        elif char in "“„«" and expected != '"':  # a new opening inside an open quote: the first was never closed
            marks.append(QuoteMark(open_at, None, Span(paragraph.start, i)))
            open_at, expected = i, OPENING[char]
    if open_at is not None:
        marks.append(QuoteMark(open_at, None, paragraph))
    return marks


def _opens(text: str, i: int, paragraph: Span) -> bool:
    if text[i] != '"':
        return True
    after = text[i + 1] if i + 1 < paragraph.end else " "
    return not after.isspace()


# "“How many times?” Clinton said." is one sentence: a question or exclamation closing a quotation
# does not end the sentence when its attribution follows.
ATTRIBUTION_NEXT = re.compile(
    r"\s+(?:[A-Z][\w.’'\-]*\s+){1,5}(?:\([^)]{1,24}\)\s+)?(?:"
    + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
    + r")\b"
)


def sentences(text: str, span: Span, quotes: list[QuoteMark]) -> list[Span]:
    """Split a paragraph into sentences; a quotation never contains a sentence boundary, and one
    ending in ? or ! runs on into its attribution ("“Why?” she asked.")."""
    inside = [(q.open, q.outer_end) for q in quotes]
    result, start, q = [], span.start, 0
    for match in re.finditer(r"[.?!]+[”\"’)]*(?=\s+[“\"(‘A-Z0-9])", text[span.start : span.end]):
        end = span.start + match.end()
        while q < len(inside) and inside[q][1] <= match.start() + span.start:
            q += 1
        if q < len(inside) and inside[q][0] <= span.start + match.start() < inside[q][1] and end < inside[q][1]:
            continue
        if _is_abbreviation(text, span.start + match.start()):
            continue
        if match.group()[0] in "?!" and match.group()[-1] in '”"' and ATTRIBUTION_NEXT.match(text, end):
            continue
        result.append(_trimmed(text, start, end))
        start = end
    if text[start : span.end].strip():
        result.append(_trimmed(text, start, span.end))
    return result


def _is_abbreviation(text: str, period: int) -> bool:
    if text[period] != ".":
        return False
    word_start = period
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:period].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F'’.\-]*[\w\u00C0-\u024F]|[A-Za-z\u00C0-\u024F]|\d[\d,.]*\d|\d")


def words(text: str, start: int, end: int, limit: int | None = None) -> list[tuple[str, int, int]]:
    """Words of text[start:end] (the first `limit` of them) with their offsets; abbreviations keep their period.

    A document's words are read once and sliced for each call on it: extraction asks for the words of
    the same sentence many times over."""
    document = _document_words(text)
    tokens, starts = document[1], document[2]
    i = bisect.bisect_left(starts, start)
    j = bisect.bisect_left(starts, end, lo=i)
    if (i and tokens[i - 1][2] > start) or (j > i and tokens[j - 1][2] > end):
        return _words(text, start, end, limit)  # the range cuts a word: read it as it is cut
    return tokens[i : j if limit is None else min(j, i + limit)]


_last_document: tuple[str, list[tuple[str, int, int]], list[int]] = ("", [], [])


def _document_words(text: str) -> tuple[str, list[tuple[str, int, int]], list[int]]:
    global _last_document
    document = _last_document
    if document[0] is not text:
        tokens = _words(text, 0, len(text))
        document = _last_document = (text, tokens, [t[1] for t in tokens])
    return document


def _words(text: str, start: int, end: int, limit: int | None = None) -> list[tuple[str, int, int]]:
    found = []
    for match in WORD.finditer(text, start, end):
        if limit is not None and len(found) >= limit:
            break
        word, w_end = match.group(), match.end()
        if w_end < end and text[w_end] == "." and word.lower() in ABBREVIATIONS:
            word, w_end = word + ".", w_end + 1
        found.append((word, match.start(), w_end))
    return found


def strip_span(text: str, span: Span, strip: str = " \u00a0\n,;:—–", drop_period: bool = False) -> Span | None:
    """`span` without the `strip` characters at either end (and a final . ? ! with `drop_period`); None if empty."""
    start, end = span.start, span.end
    while start < end and text[start] in strip:
        start += 1
    while end > start and (text[end - 1] in strip or (drop_period and text[end - 1] in ".?!")):
        end -= 1
    return Span(start, end) if end > start else None


def context_around(text: str, start: int, end: int, width: int = 80) -> tuple[str, str]:
    """About `width` characters of `text` before `start` and after `end`, cut at whitespace (never
    inside a word) and within the paragraph, with an ellipsis where something was left out."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = len(text) if (found := text.find("\n", end)) == -1 else found
    before_from = max(paragraph_start, start - width)
    if before_from > paragraph_start and not text[before_from - 1].isspace():
        cut = re.search(r"\s", text[before_from:start])
        before_from = start if cut is None else before_from + cut.end()
    after_to = min(paragraph_end, end + width)
    if after_to < paragraph_end and not text[after_to].isspace():
        cut = max((m.start() for m in re.finditer(r"\s", text[end:after_to])), default=None)
        after_to = end if cut is None else end + cut
    before, after = text[before_from:start], text[end:after_to]
    return ("…" if before_from > paragraph_start else "") + before.lstrip(), after.rstrip() + (
        "…" if after_to < paragraph_end else ""
    )
