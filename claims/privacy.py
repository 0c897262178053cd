"""Private individuals' names never reach readers without a role.

Serializers already withhold private speakers' profiles and mentions, but texts can still name
them: an article body, a quote, a claim, a search snippet, a CSV cell. Every API answer to such a
reader passes through ``redact``, which blacks out each private name and alias character for
character, so a quote's offsets into a body still point at the same characters.
"""

import re
from functools import lru_cache
from re._casefix import _EXTRA_CASES  # what re.IGNORECASE adds to lowercasing (CPython 3.11+)

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
        cursor.execute(f"SELECT name, aliases FROM {Speaker._meta.db_table} WHERE is_private ORDER BY id")
        return _usable(tuple((name, *aliases) for name, aliases in cursor.fetchall()))


@lru_cache(maxsize=4)
def _usable(rows: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Each speaker's name and aliases: distinct, long enough to redact, longest first."""
    names = {name.strip() for row in rows for name in row}
    return tuple(sorted((n for n in names if len(n) >= MIN_NAME_LENGTH), key=lambda n: (-len(n), n)))


FRAGMENT = 4  # a name cut by an excerpt's edge is blacked out down to its last 4 characters
EDGE = '"\n,'  # where a JSON string or a CSV cell begins and ends

# What is blacked out, for each name: the name whole, wherever it stands as words; its beginning
# (FRAGMENT characters or more) where an excerpt ends on it, that is before an EDGE character or at
# the end; and its end (FRAGMENT characters or more) where an excerpt starts on it. Letter case (as
# re.IGNORECASE compares it: see `fold`) and the whitespace between words do not matter.
# tests/test_redaction.py holds `redact` to exactly that, written the obvious way: a regular
# expression per name and piece, tried case-insensitively at every position.
#
# One expression for all names costs about 0.5 ms per kilobyte in Python's regex engine, more than the rest
# of a request, and so does one search per name once a page holds a hundred names' words. So `redact`
# looks for the same things faster: the text's words (split in C) say which names could be there;
# names are grouped by the literal text they begin with, and each group is one expression that
# begins with that literal, which the engine skips to, searched for once in the folded text. A
# name's end is searched for in the reversed text, where it is a beginning.


def _fold_table() -> dict[int, str]:
    """The characters re.IGNORECASE matches to others besides their lowercase (ſ and s, ς and σ,
    ı and i, µ and μ, ...), each mapped to one of its class, a word character as they are."""
    table = {}
    for key, others in _EXTRA_CASES.items():
        members = sorted({key, *others})
        if len({chr(m).isalnum() for m in members}) > 1:
            continue  # U+0345, which is no word character, matches ι: left alone
        table.update({member: chr(members[0]) for member in members[1:]})
    return table


FOLD = _fold_table()
FOLDED = re.compile(f"[{''.join(map(chr, FOLD))}]")


def fold(text: str) -> str:
    """The text as re.IGNORECASE compares it, one character for one: lowercased, "İ" as "i" (its
    lowercase is two characters), and each character re.IGNORECASE matches to another (ſ, ς, ...)
    as that one. Names and texts are searched folded, so offsets stay those of the text."""
    lowered = text.replace("İ", "i").lower() if "İ" in text else text.lower()
    return lowered.translate(FOLD) if not lowered.isascii() and FOLDED.search(lowered) else lowered


def _regex(text: str) -> str:
    """Text as a regular expression in which each run of whitespace is any run of whitespace."""
    return "".join(r"\s+" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", text) if part)


def _head(text: str) -> str:
    """The literal a name's pieces all begin with: its first FRAGMENT characters, up to any whitespace."""
    return text[:FRAGMENT].split()[0]


def _pieces(text: str) -> set[str]:
    """The beginnings of text, FRAGMENT characters or more but not all of it, that do not end in whitespace."""
    return {text[:n] for n in range(FRAGMENT, len(text)) if not text[n - 1].isspace()}


def _group(head: str, tails, after: str) -> re.Pattern:
    alternatives = sorted({_regex(tail) for tail in tails}, key=len, reverse=True)  # longest first
    return re.compile(f"{re.escape(head)}(?:{'|'.join(alternatives)}){after}")


WHOLE, BEGINNING, END = range(3)
EDGE_AFTER = rf"(?=[{EDGE}]|\Z)"


@lru_cache(maxsize=16)
def _searches(names: tuple[str, ...]) -> dict[str, set[tuple[int, re.Pattern]]]:
    """For each name, the expressions that find it (each shared by the names of its group), by kind.

    Whole names are grouped by their first word; beginnings and (reversed) ends by their head.
    """
    groups: dict[tuple[int, str], dict[str, set[str]]] = {}
    for name in names:
        lowered = fold(name)
        first = lowered.split()[0]
        groups.setdefault((WHOLE, first), {}).setdefault(name, set()).add(lowered[len(first) :])
        for kind, text in ((BEGINNING, lowered), (END, lowered[::-1])):
            if pieces := _pieces(text):  # a name shorter than a fragment has no pieces
                head = _head(text)
                groups.setdefault((kind, head), {}).setdefault(name, set()).update(p[len(head) :] for p in pieces)
    searches: dict[str, set[tuple[int, re.Pattern]]] = {}
    for (kind, head), members in groups.items():
        after = r"(?!\w)" if kind == WHOLE else EDGE_AFTER
        pattern = _group(head, set().union(*members.values()), after)
        for name in members:
            searches.setdefault(name, set()).add((kind, pattern))
    return searches


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
        words = WORD.findall(fold(name))
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
    lowered = fold(text)
    index = _index(names)
    candidates = set()
    for word in index.keys() & _text_words(lowered):
        candidates |= index[word]
    searches = _searches(names)
    spans = []
    backwards = None
    for kind, pattern in set().union(*(searches[name] for name in candidates)):
        if kind == END:
            backwards = backwards or lowered[::-1]
            spans += [(len(text) - end, len(text) - start) for start, end in _spans(backwards, pattern)]
        else:
            spans += _spans(lowered, pattern)
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
