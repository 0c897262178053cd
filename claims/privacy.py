"""Private individuals' names never reach readers without a role.

Serializers already withhold private speakers' profiles and mentions, but texts can still name
them: an article body, a quote, a claim, a search snippet, a CSV cell. Every API answer to such a
reader passes through ``redact``, which blacks out each private name and alias character for
character, so a quote's offsets into a body still point at the same characters.
"""

import re
from functools import lru_cache

from django.db import DatabaseError
from django.http import JsonResponse

from claims.models import Speaker
from claims.permissions import can_see_unpublished

MASK = "█"
MIN_NAME_LENGTH = 3  # shorter aliases ("Al") would black out ordinary words
WORD = re.compile(r"\w+")
TEXT_TYPES = ("application/json", "application/ld+json", "text/csv", "text/html", "text/plain")


def private_names() -> tuple[str, ...]:
    rows = Speaker.objects.filter(is_private=True).values_list("name", "aliases")
    names = {name.strip() for name, aliases in rows for name in [name, *aliases]}
    return tuple(sorted((n for n in names if len(n) >= MIN_NAME_LENGTH), key=lambda n: (-len(n), n)))


FRAGMENT = 4  # a name cut by an excerpt's edge is blacked out down to its last 4 characters
EDGE = '"\n,'  # where a JSON string or a CSV cell begins and ends


def _words(text: str) -> list[str]:
    return [re.escape(word) for word in text.split()]


@lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...]) -> re.Pattern:
    """Each name whole, and its beginning or end where an excerpt (a quote's prefix or suffix) cuts it."""
    whole = [r"\s+".join(_words(name)) for name in names]
    starts = {r"\s+".join(_words(name[:n])) for name in names for n in range(FRAGMENT, len(name)) if name[n - 1] != " "}
    ends = {r"\s+".join(_words(name[n:])) for name in names for n in range(1, len(name) - FRAGMENT + 1)
            if name[n] != " "}  # fmt: skip
    parts = [rf"(?<!\w)(?:{_longest_first(whole)})(?!\w)"]
    if starts:  # names shorter than a fragment have no pieces
        parts.append(rf"(?<!\w)(?:{_longest_first(starts)})(?=[{EDGE}]|$)")
    if ends:
        parts.append(rf"(?:(?<=[{EDGE}])|^)(?:{_longest_first(ends)})(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def _longest_first(alternatives) -> str:
    return "|".join(sorted(alternatives, key=len, reverse=True))


@lru_cache(maxsize=16)
def _indexes(names: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The names by each of their words, and by each beginning and end of those words (4+ characters)."""
    words: dict[str, set[str]] = {}
    pieces: dict[str, set[str]] = {}
    for name in names:
        for word in WORD.findall(name.casefold()):
            words.setdefault(word, set()).add(name)
            for n in range(min(FRAGMENT, len(word)), len(word)):
                pieces.setdefault(word[:n], set()).add(name)
                pieces.setdefault(word[-n:], set()).add(name)
    return _frozen(words), _frozen(pieces)


def _frozen(index: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {key: frozenset(group) for key, group in index.items()}


EDGE_WORD = re.compile(rf"(?:^|[{EDGE}])(\w+)|(\w+)(?:[{EDGE}]|$)")


def redact(text: str, names: tuple[str, ...]) -> str:
    # Most answers name no private individual: one pass over the words finds that out cheaply,
    # and only the names with a word in the text (or a piece of one at an excerpt's edge) are
    # then looked for.
    if not names:
        return text
    words, pieces = _indexes(names)
    folded = text.casefold()
    candidates = set()
    for word in words.keys() & set(WORD.findall(folded)):
        candidates |= words[word]
    for word in pieces.keys() & {first or last for first, last in EDGE_WORD.findall(folded)}:
        candidates |= pieces[word]
    if not candidates:
        return text
    return _pattern(tuple(sorted(candidates))).sub(lambda match: MASK * len(match.group()), text)


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
