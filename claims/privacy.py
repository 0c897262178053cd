"""Private individuals' names never reach readers without a role.

Serializers already withhold private speakers' profiles and mentions, but texts can still name
them: an article body, a quote, a claim, a search snippet, a CSV cell. Every API answer to such a
reader passes through ``redact`` (in ``claims.middleware``), which blacks out each private name
and alias character for character, so a quote's offsets into a body still point at the same characters.
"""

import bisect
import html
import re
import unicodedata
from functools import lru_cache
from re._casefix import _EXTRA_CASES  # what re.IGNORECASE adds to lowercasing (CPython 3.11+)

from django.db import connection

from claims.models import Speaker

MASK = "█"
MIN_NAME_LENGTH = 3  # shorter aliases ("Al") would black out ordinary words
WORD = re.compile(r"\w+")
TEXT_TYPES = (
    "application/json",
    "application/ld+json",
    "text/csv",
    "text/html",
    "text/plain",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)


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
    plain = Plain(text)
    spans = sorted(plain.original(start, end) for start, end in _matches(plain.text, plain_names(names)))
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        if end <= at:
            continue
        start = max(start, at)
        out += [text[at:start], plain.mask(start, end)]
        at = end
    out.append(text[at:])
    return "".join(out)


def _matches(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names and their pieces stand in a plain text (see the rules above)."""
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
    return spans


# --- one form for every way of writing a name ---------------------------------------------------------
# A name is found however it is written or encoded: accents composed, decomposed or left out ("Zoë",
# "Zoe\u0308", "Zoe"), apostrophes straight, typographic or left out (O'Kell, O’Kell, okell), words
# joined by spaces, line breaks, hyphens or underscores (a slug), characters hidden inside it (soft
# hyphens, zero-width spaces) and compatibility forms (NFKC: full-width letters, ligatures). Texts are
# read as they are sent, so JSON escapes ("\n", "\u00e9"), HTML character references ("&#x27;") and
# tags without attributes ("<mark>" in a snippet) stand for what they encode; a tag with attributes is
# read as text, since its attributes may carry words (an HTML page's <meta content="..."> or title="...").
# Both the names and the text are brought to this plain form; what is found in it is blacked out in the
# text as sent.
ENCODED = re.compile(
    r"""\\u[0-9a-fA-F]{4}|\\[nrtfb/\\"]|&#?[0-9A-Za-z]{1,31};|</?[A-Za-z][A-Za-z0-9]{0,20}\s*/?>|'|[^\x00-\x7f]"""
)
JSON_ESCAPES = {"n": " ", "r": " ", "t": " ", "f": " ", "b": " ", "/": "/", "\\": "\\", '"': '"'}
APOSTROPHES = set("'’‘ʼʹ`´′‛")
WORD_JOINERS = str.maketrans("-_", "  ")  # slugs and hyphenated names: the words of the name


@lru_cache(maxsize=4096)
def plain_character(character: str) -> str:
    """What one character is in the plain form: "" for what is invisible or an apostrophe, " " for
    spaces and dashes, else its compatibility form without accents."""
    if character in APOSTROPHES:
        return ""
    category = unicodedata.category(character)
    if category in ("Mn", "Me", "Cf", "Cs"):  # combining marks, invisible formatting, lone surrogates
        return ""
    if category in ("Zs", "Zl", "Zp", "Pd") or character.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", character)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", base) or character


def _plain_unit(unit: str) -> tuple[str, bool]:
    """An encoded unit as plain text, and whether it is markup to keep as it is when masking."""
    if unit.startswith("\\u"):
        return plain_character(chr(int(unit[2:], 16))), False
    if unit.startswith("\\"):
        return JSON_ESCAPES[unit[1]], False
    if unit.startswith("&"):
        decoded = html.unescape(unit)
        return ("".join(map(plain_character, decoded)) if decoded != unit else unit), False
    if unit.startswith("<"):
        return "", True
    return plain_character(unit), False


class Plain:
    """A text in the plain form, with the way back from its offsets to the text's."""

    def __init__(self, text: str):
        pieces, self.units, at, length = [], [], 0, 0
        for match in ENCODED.finditer(text):
            start, end = match.span()
            between = text[at:start].translate(WORD_JOINERS)
            plain, markup = _plain_unit(match.group())
            pieces += [between, plain]
            length += len(between)
            # (plain start, plain end, original start, original end, markup)
            self.units.append((length, length + len(plain), start, end, markup))
            length += len(plain)
            at = end
        pieces.append(text[at:].translate(WORD_JOINERS))
        self.text, self.encoded = "".join(pieces), text
        self.starts = [unit[0] for unit in self.units]
        self.encoded_starts = [unit[2] for unit in self.units]

    def _at(self, position: int) -> int:
        """The original offset of the plain character at `position`: its unit's start, or by the shift."""
        i = bisect.bisect_right(self.starts, position) - 1  # units starting here (invisible ones) are before it
        if i < 0:
            return position
        plain_start, plain_end, start, end, _ = self.units[i]
        return start if position < plain_end else end + position - plain_end

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the plain span [start, end)."""
        last = end - 1
        i = bisect.bisect_right(self.starts, last) - 1
        if i >= 0 and self.units[i][0] <= last < self.units[i][1]:
            return self._at(start), self.units[i][3]
        return self._at(start), self._at(last) + 1

    def mask(self, start: int, end: int) -> str:
        """The original text [start, end) blacked out: a mask character for each character or encoded
        unit (so offsets into a decoded text stay), markup kept as it is."""
        out, at = [], start
        first = bisect.bisect_left(self.encoded_starts, start)
        for _, _, unit_start, unit_end, markup in self.units[first:]:
            if unit_start >= end:
                break
            out.append(MASK * (unit_start - at))
            out.append(self.encoded[unit_start:unit_end] if markup else MASK)
            at = unit_end
        out.append(MASK * (end - at))
        return "".join(out)


def plain_names(names: tuple[str, ...]) -> tuple[str, ...]:
    return _plain_names(names)


@lru_cache(maxsize=16)
def _plain_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names in the plain form, whitespace made single spaces: distinct, longest first."""
    plain = {" ".join(Plain(name).text.split()) for name in names}
    return tuple(sorted((n for n in plain if len(n) >= MIN_NAME_LENGTH), key=lambda n: (-len(n), n)))


# --- search: a private name finds what a word no text holds finds -------------------------------------
NOWHERE = "qxzvjkwq"  # a word that is in no text
TOKEN = re.compile(r"[\w\u00ad\u200b-\u200d\u2060\ufeff'’ʼ]+")


def public_search(value: str | None) -> str | None:
    """The search text with every word that is (or stems as) a word of a private name replaced by a
    word no text holds, so that anonymous search answers the same whether or not a private person
    with that name exists: no rows found by the name, no rank raised by it, no snippet marking it."""
    if not value or not (names := private_names()):
        return value
    plain = {token: " ".join(Plain(token).text.split()).lower() for token in TOKEN.findall(value)}
    private = _private_words(tuple(sorted(set(plain.values()))), names)
    return TOKEN.sub(lambda match: NOWHERE if plain[match.group()] in private else match.group(), value)


def _private_words(words: tuple[str, ...], names: tuple[str, ...]) -> set[str]:
    """Those of the words whose English stems are among the private names' (accents left out)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE tsvector_to_array(to_tsvector('english', w))"
            " && tsvector_to_array(to_tsvector('english', %s))",
            [list(words), " ".join(plain_names(names))],
        )
        return {word for (word,) in cursor.fetchall()}


def is_private_name(name: str, names: tuple[str, ...]) -> bool:
    """Whether a name, however written, is a private person's, part of one, or holds one: word for
    word, with the spaces between words not counting ("O Kellagher" and "O' Kellagher" are "OKellagher")."""
    words = Plain(name).text.casefold().split()
    if not words:
        return False
    own = _joined_runs(tuple(words))
    for private in map(str.casefold, plain_names(names)):
        theirs = _joined_runs(tuple(private.split()))
        if "".join(words) in theirs or "".join(private.split()) in own:
            return True
    return False


@lru_cache(maxsize=4096)
def _joined_runs(words: tuple[str, ...]) -> frozenset[str]:
    """Every run of consecutive words, joined without spaces."""
    return frozenset("".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
