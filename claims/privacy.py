"""Private individuals' names never reach readers without a role.

Serializers already withhold private speakers' profiles and mentions, but texts can still name
them: an article body, a quote, a claim, a search snippet, a CSV cell. Every API answer to such a
reader passes through ``redact``, which blacks out each private name and alias character for
character, so a quote's offsets into a body still point at the same characters.
"""

import re
from functools import lru_cache

from django.db import DatabaseError, connection
from django.http import JsonResponse

from claims.models import Speaker
from claims.permissions import can_see_unpublished

MASK = "█"
MIN_NAME_LENGTH = 3  # shorter aliases ("Al") would black out ordinary words
WORD = re.compile(r"\w+")
TEXT_TYPES = ("application/json", "application/ld+json", "text/csv", "text/html", "text/plain")


def private_names() -> tuple[str, ...]:
    # Plain SQL: it runs on every public answer, and building it through the ORM cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, aliases FROM {Speaker._meta.db_table} WHERE is_private")
        rows = cursor.fetchall()
    names = {name.strip() for name, aliases in rows for name in [name, *aliases]}
    return tuple(sorted((n for n in names if len(n) >= MIN_NAME_LENGTH), key=lambda n: (-len(n), n)))


FRAGMENT = 4  # a name cut by an excerpt's edge is blacked out down to its last 4 characters
EDGE = '"\n,'  # where a JSON string or a CSV cell begins and ends

# What is blacked out, for each name: the name whole, wherever it stands as words; its beginning
# (FRAGMENT characters or more) where an excerpt ends on it, that is before an EDGE character or at
# the end; and its end (FRAGMENT characters or more) where an excerpt starts on it. Letter case and
# the whitespace between words do not matter. tests/test_redaction.py holds `redact` to exactly
# that, written the obvious way: a regular expression per name and piece, tried at every position.
#
# One expression for all names costs about 0.5 ms per kilobyte in Python's regex engine, more than the rest
# of a request, so `redact` looks for the same things faster: the text's words (split in C) say
# which names could be there, and each of those is searched for in the lowercased text with
# expressions that begin with a literal, which the engine skips to. A name's end is searched for in
# the reversed text, where it is a beginning.


def _words(text: str) -> list[str]:
    return [re.escape(word) for word in text.split()]


def _followed_by_edge(pieces) -> str:
    return rf"(?:{'|'.join(sorted(pieces, key=len, reverse=True))})(?=[{EDGE}]|\Z)"


@lru_cache(maxsize=4096)
def _patterns(name: str, flags: int) -> tuple[re.Pattern, ...]:
    """The whole name, its beginnings and its reversed ends; each needs no word character before it."""
    name = name.lower()
    gap = r"\s+"
    patterns = [re.compile(gap.join(_words(name)) + r"(?!\w)", flags)]
    for text in (name, name[::-1]):
        pieces = {gap.join(_words(text[:n])) for n in range(FRAGMENT, len(text)) if not text[n - 1].isspace()}
        if pieces:  # a name shorter than a fragment has no pieces
            patterns.append(re.compile(_followed_by_edge(pieces), flags))
        else:
            patterns.append(None)
    return tuple(patterns)


ASCII_NON_WORD = bytes(b for b in range(128) if not (chr(b).isalnum() or chr(b) == "_"))
TO_SPACES = bytes.maketrans(ASCII_NON_WORD, b" " * len(ASCII_NON_WORD))


def _text_words(lowered: str) -> set[str]:
    """The words (\\w+) of a lowercased text: split in C, with the regex only for words holding non-ASCII."""
    spaced = lowered.encode("utf-8", "surrogatepass").translate(TO_SPACES).decode("utf-8", "surrogatepass")
    found = set(spaced.split())
    if not spaced.isascii():  # non-ASCII punctuation ("’", "—") still joins words here
        for chunk in [chunk for chunk in found if not chunk.isascii()]:
            found.update(WORD.findall(chunk))
    return found


@lru_cache(maxsize=16)
def _index(names: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Names by the words a text holds where a name or one of its pieces stands in it.

    Every word of the name; and, because a piece may cut a word, every beginning of the first word
    and every end of the last word down to FRAGMENT characters.
    """
    index: dict[str, set[str]] = {}
    for name in names:
        words = WORD.findall(name.lower())
        keys = set(words)
        if words:
            first, last = words[0], words[-1]
            keys |= {first[:n] for n in range(min(FRAGMENT, len(first)), len(first))}
            keys |= {last[-n:] for n in range(min(FRAGMENT, len(last)), len(last))}
        for key in keys:
            index.setdefault(key, set()).add(name)
    return {key: frozenset(group) for key, group in index.items()}


def _spans(haystack: str, pattern: re.Pattern):
    """Where pattern matches with no word character just before the match."""
    at = 0
    while match := pattern.search(haystack, at):
        start = match.start()
        before = haystack[start - 1] if start else " "
        if before.isalnum() or before == "_":
            at = start + 1
            continue
        yield start, match.end()
        at = start + 1  # a later match may begin inside this one and end after it


def redact(text: str, names: tuple[str, ...]) -> str:
    if not names:
        return text
    lowered, flags = text.lower(), 0
    if len(lowered) != len(text):  # a few characters lowercase to two: keep offsets, ignore case in the regex
        lowered, flags = text, re.IGNORECASE
    index = _index(names)
    candidates = set()
    for word in index.keys() & _text_words(lowered.lower() if flags else lowered):
        candidates |= index[word]
    spans = []
    backwards = None
    for name in candidates:
        whole, beginnings, ends = _patterns(name, flags)
        spans += _spans(lowered, whole)
        if beginnings:
            spans += _spans(lowered, beginnings)
        if ends:
            backwards = backwards or lowered[::-1]
            spans += [(len(text) - end, len(text) - start) for start, end in _spans(backwards, ends)]
    if not spans:
        return text
    out, at = [], 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        start = max(start, at)
        out += [text[at:start], MASK * (end - start)]
        at = end
    out.append(text[at:])
    return "".join(out)


class PrivateNameRedactionMiddleware:
    """Black out private names in every /api/ answer to a reader who may not see them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.streaming or response.status_code >= 500:
            return response  # server errors carry no data (and the database may be down)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(TEXT_TYPES) or can_see_unpublished(request):
            return response
        try:
            names = private_names()
        except DatabaseError:  # fail closed: no answer rather than one that may name someone
            return JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
        if names:
            charset = response.charset or "utf-8"
            response.content = redact(response.content.decode(charset), names).encode(charset)
        return response
