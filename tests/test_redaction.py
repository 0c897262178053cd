"""`redact` blacks out exactly what the rules in claims/privacy.py say, however it finds them.

The reference below is the rule written the slow, obvious way: one regular expression per name
and piece, tried case-insensitively at every position of the original text.
"""

import html
import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.privacy import EDGE, FRAGMENT, MASK, Plain, plain_names, redact

NAMES = ("Maria Nguyen", "O'Brien Zoë", "Li Na", "Jean-Luc Dupré", "Ødegård", "Al", "Robert Smith", "Kim",
         "İlkay Gündoğan", "Αναστασία Σάββας", "Sam Iris")  # fmt: skip


def _regex(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


def reference_masked(text: str, names) -> set[int]:
    """The reference rules, on the plain form of the text and names (Plain, tested on its own below)."""
    plain = Plain(text)
    found = sorted(_reference(plain.text, plain_names(names)))
    runs = []  # runs of masked plain characters: what is hidden between two of them is masked too
    for at in found:
        if runs and runs[-1][1] == at:
            runs[-1][1] = at + 1
        else:
            runs.append([at, at + 1])
    return {i for start, end in runs for i in range(*plain.original(start, end))}


def _reference(text: str, names) -> set[int]:
    rules = []
    for name in (n for n in names if len(n) >= 3):
        rules.append(rf"(?<!\w){_regex(name)}(?!\w)")
        rules += [rf"(?<!\w){_regex(name[:n])}(?=[{EDGE}]|\Z)"
                  for n in range(FRAGMENT, len(name)) if name[n - 1] != " "]  # fmt: skip
        rules += [rf"(?:(?<=[{EDGE}])|\A){_regex(name[n:])}(?!\w)"
                  for n in range(1, len(name) - FRAGMENT + 1) if name[n] != " "]  # fmt: skip
    masked = set()
    for rule in map(lambda r: re.compile(r, re.IGNORECASE), rules):
        for at in range(len(text) + 1):
            if match := rule.match(text, at):
                masked.update(range(match.start(), match.end()))
    return masked


def masked_positions(text: str, names) -> set[int]:
    out = redact(text, tuple(n for n in names if len(n) >= 3))
    assert len(out) == len(text)
    changed = {i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b}
    assert all(out[i] == MASK for i in changed) and all(text[i] == out[i] for i in range(len(text)) if i not in changed)
    return changed | {i for i, ch in enumerate(text) if ch == MASK}  # a mask character in the input stays one


def _case(piece: str, how: int) -> str:
    return [piece, piece.upper(), piece.lower(), piece.title()][how]


CUTS = st.sampled_from(NAMES).flatmap(lambda name: st.integers(0, len(name)).flatmap(lambda n: st.sampled_from(
    [name[:n], name[n:], name[n // 2 : n]])))  # beginnings, ends and middles of names  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", '"', ",", '","', "-", "'", "_", "x", "said", "12", "é", ": ",
                              "İ", "ı", "ſ", "ς", "Σ"])  # fmt: skip
PIECES = st.one_of(CUTS, st.sampled_from(NAMES), SEPARATORS)
TEXTS = st.lists(st.tuples(PIECES, st.integers(0, 3)), max_size=12).map(
    lambda parts: "".join(_case(piece, how) for piece, how in parts)
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_redact_masks_exactly_the_reference(text):
    assert masked_positions(text, NAMES) == reference_masked(text, NAMES) | {i for i, c in enumerate(text) if c == MASK}


def test_examples():
    names = ("Robert Smith", "O'Brien Zoë")
    assert redact("Robert  smith said", names) == "█████████████ said"
    assert redact('{"prefix":"… told Rob","suffix":"ert Smith left"}', names) == (
        '{"prefix":"… told Rob","suffix":"█████████ left"}'
    )  # "Rob" is shorter than a fragment; "ert Smith" is the end of the name at an excerpt's start
    assert redact('"… told Robert Sm"', names) == '"… told █████████"'
    assert redact('"… told Robe"', names) == '"… told ████"'  # cut inside the first word
    assert redact('"… told Robert S"', names) == '"… told ████████"'  # one letter of the next word
    assert redact('"t Smith said"', names) == '"███████ said"'  # and the same at an excerpt's start
    assert redact("robert-smith-12 and Robert Smithson", names) == "████████████-12 and Robert Smithson"  # a slug
    assert redact("O'BRIEN ZOË, o'brien zoë", names) == "███████████, ███████████"
    # Matches that overlap are all blacked out.
    assert redact("Anna Lee Anna Lee Anna", ("Anna Lee Anna",)) == "█" * 22
    # A character whose lowercase is two characters long does not shift what is masked.
    assert redact("İ Robert Smith", names) == "İ ████████████"
    # Letters re.IGNORECASE takes as others: İ and ı as i, ſ as s, final ς as σ.
    assert redact("İLKAY GÜNDOĞAN and ilkay gündoğan", ("İlkay Gündoğan",)) == "██████████████ and ██████████████"
    assert redact('"ſam Smith", "ROBERT SMıTH"', ("Sam Smith", "Robert Smith")) == '"█████████", "████████████"'
    assert redact('"… ΑΝΑΣ"', ("ΑΝΑΣΤΑΣΙΑ",)) == '"… ████"'  # the beginning of a name cut by an excerpt


# --- a name is found however it is written and encoded -------------------------------------------------
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
BETWEEN_WORDS = [" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2009", "-", "_", " \n "]
APOSTROPHE_FORMS = ["'", "’", "ʼ", "‘", ""]


def _accents(name: str, how: int) -> str:
    if how == 0:
        return unicodedata.normalize("NFD", name)
    if how == 1:
        return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", name)


@st.composite
def written(draw, name: str) -> str:
    """The name as someone might write it: case, accents, apostrophes, word breaks, hidden characters."""
    text = _case(_accents(name, draw(st.integers(0, 2))), draw(st.integers(0, 3)))
    text = text.replace("'", draw(st.sampled_from(APOSTROPHE_FORMS)))
    text = draw(st.sampled_from(BETWEEN_WORDS)).join(text.split())
    if draw(st.booleans()):
        text = "".join(chr(ord(c) + 0xFEE0) if "a" <= c.lower() <= "z" else c for c in text)  # full width
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(1, max(1, len(text) - 1)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    return text


ENCODINGS = {
    "raw": (lambda t: t, lambda t: t),
    "json": (lambda t: json.dumps({"text": t}, ensure_ascii=False), lambda t: json.loads(t)["text"]),
    "json-ascii": (lambda t: json.dumps({"text": t}), lambda t: json.loads(t)["text"]),
    "html": (html.escape, html.unescape),
    "snippet": (lambda t: re.sub(r"(\w+)", r"<mark>\1</mark>", t, count=1), lambda t: re.sub(r"</?mark>", "", t)),
}
VARIANT_NAMES = ("Given Surname", "Ann O'Kell", "Zoë Brant-Lopez", "Ødegård Nilsen", "José Martín")


def _plain_folded(text: str) -> str:
    return " ".join(Plain(text).text.casefold().split())


@settings(max_examples=1000, deadline=None)
@given(
    data=st.data(),
    name=st.sampled_from(VARIANT_NAMES),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    before=st.sampled_from(["", "said ", "“", "By "]),
    after=st.sampled_from(["", " said.", "”", ", 41,"]),
)
def test_no_written_form_of_a_name_survives_any_encoding(data, name, encoding, before, after):
    encode, decode = ENCODINGS[encoding]
    sent = encode(f"{before}{data.draw(written(name))}{after}")
    shown = decode(redact(sent, VARIANT_NAMES))
    for word in _plain_folded(name).split():
        assert word not in _plain_folded(shown), (sent, shown)
