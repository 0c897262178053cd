"""Numbers with their hedges: "almost 700", "at least two", "over 300", "millions of", "$1.2 million".

Years, dates, times, ordinals, identifiers ("Section 230", "COVID-19") and phone-number-like
strings are not quantities.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from claims.extraction.hedges import bounds_for

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
              "ninety": 90}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}  # fmt: skip
VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000,
         "trillions": 1_000_000_000_000, "tens of thousands": 10_000, "hundreds of thousands": 100_000,
         "tens of millions": 10_000_000, "hundreds of millions": 100_000_000}  # fmt: skip
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# Hedges, longest first; the value is the qualifier they give.
HEDGES_BEFORE = [
    ("just under", "under"), ("just over", "over"), ("a little over", "over"), ("a little more than", "over"),
    ("more than", "over"), ("in excess of", "over"), ("upwards of", "over"), ("upward of", "over"),
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"), ("a minimum of", "at_least"),
    ("as few as", "at_least"), ("fewer than", "under"), ("less than", "under"), ("no more than", "at_most"),
    ("at most", "at_most"), ("a maximum of", "at_most"), ("up to", "up_to"), ("as many as", "up_to"),
    ("as much as", "up_to"), ("close to", "almost"), ("nearly", "almost"), ("almost", "almost"), ("over", "over"),
    ("above", "over"), ("exceeding", "over"), ("under", "under"), ("below", "under"), ("about", "about"),
    ("around", "about"), ("roughly", "about"), ("approximately", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("some", "about"), ("exactly", "exact"), ("precisely", "exact"), ("only", "exact"),
    # A negation turns the hedge around: "not more than 0.65%" is at most 0.65%.
    ("not more than", "at_most"), ("not over", "at_most"), ("not above", "at_most"), ("not exceeding", "at_most"),
    ("not less than", "at_least"), ("not fewer than", "at_least"), ("not under", "at_least"),
    ("not below", "at_least"),
]  # fmt: skip
# Symbols written before a number: "~5", "< 0.05", "≥ 18".
SYMBOLS_BEFORE = {"~": "about", "∼": "about", "≈": "about", "<": "under", ">": "over", "≤": "at_most", "⩽": "at_most",
                  "<=": "at_most", "≥": "at_least", "⩾": "at_least", ">=": "at_least"}  # fmt: skip
SYMBOL_BEFORE = re.compile(r"(<=|>=|[~∼≈<>≤⩽≥⩾])[ \u00a0]?$")
HEDGE_MEANING = dict(HEDGES_BEFORE)
HEDGE_BEFORE = re.compile(
    r"(?:^|[^\w])("
    + "|".join(re.escape(p) for p, _ in sorted(HEDGES_BEFORE, key=lambda h: -len(h[0])))
    + r")[\s\u00a0]+$"
)
HEDGES_AFTER = [("or more", "at_least"), ("or so", "about"), ("or fewer", "at_most"), ("or less", "at_most"),
                ("-plus", "at_least"), ("+", "at_least")]  # fmt: skip
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}  # fmt: skip
YEAR_CONTEXT = {"in", "since", "by", "until", "from", "of", "during", "before", "after", "through", "year", "fiscal",
                "early", "late", "mid", "spring", "summer", "fall", "autumn", "winter", "circa", "the", "to",
                "and"}  # fmt: skip
LABELS = {"section", "title", "article", "chapter", "amendment", "room", "route", "highway", "interstate", "flight",
          "no", "no.", "number", "district", "precinct", "ward", "page", "line", "item", "proposition", "prop",
          "measure", "rule", "form", "grade", "level", "phase", "version", "model", "air", "force", "apollo",
          "episode", "season", "volume", "vol", "part", "act", "resolution", "h.r", "s", "hr", "unit",
          "building"}  # fmt: skip
STOP_NOUNS = {"of", "who", "that", "which", "were", "was", "are", "is", "in", "at", "from", "for", "to", "and", "or",
              "but", "by", "on", "with", "had", "have", "has", "will", "would", "could", "as", "than", "into", "per",
              "since", "because", "after", "before", "while", "when", "this", "these", "their", "his", "her", "its",
              "they", "he", "she", "it", "we", "you", "i"}  # fmt: skip
BE = {"were", "was", "are", "is", "been", "being", "be", "have", "has", "had", "got", "get", "who", "that"}
IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "personnel", "staff", "cattle", "feet", "teeth",
                     "mice", "geese", "data", "media", "criteria", "dollars", "euros", "pounds"}  # fmt: skip
VERBS = {"lost", "came", "left", "went", "said", "got", "made", "took", "died", "fled", "gave", "saw", "held", "paid",
         "ran", "won", "fell", "rose", "grew", "spent", "sent", "kept", "began", "became", "remain", "remained",
         "live", "lived", "work", "worked", "voted", "signed", "were", "was", "are", "is"}  # fmt: skip
PERCENT_AFTER = re.compile(r"(?:\s?%|[\s\u00a0]+(?:percent|per cent|percentage points)\b)", re.IGNORECASE)

# Thousands grouped by commas or by (thin, no-break) spaces: "10,000", "10 000"; a minus sign only
# where no word or number runs into it ("COVID-19" is a name, "−14" a number).
NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u2009\u202f\u00a0]\d{3}(?![\d,.]\d))+(?![\d])|\d+(?:\.\d+)?"
SIGN = r"(?<![\w.,\-−])[-−](?=\d)"
PLACES = Decimal("0.0001")  # what a stored quantity keeps (Quantity.value has four decimal places)
VULGAR = {"½": "0.5", "¼": "0.25", "¾": "0.75", "⅓": "0.3333", "⅔": "0.6667", "⅛": "0.125"}
NUMBER_WORD = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS, *SCALES, "dozen"], key=len, reverse=True))
# Where a candidate can start, checked first so that most positions are rejected at once.
CANDIDATE_START = "".join(sorted({w[0] for w in [*UNITS_WORDS, *TENS_WORDS, *SCALES, "dozen", "a", "one", "tens"]}))
CANDIDATE = re.compile(
    rf"(?=[$€£¥\d+\-−]|\b[{CANDIDATE_START}])"
    rf"(?:(?P<currency>[$€£¥])?(?P<sign>{SIGN})?(?P<numeral>{NUMERAL})(?P<vulgar>[½¼¾⅓⅔⅛])?(?P<suffix>(?:k|m|mn|bn|b)\b)?"
    r"|\b(?P<fraction>(?:a|one)[\s-]+(?:half|third|quarter|fifth))\b"
    # Number words each whole ("FiveThirtyEight" and "ninetynine" are names, not numbers).
    rf"|\b(?P<words>(?:a[\s-]+(?=dozen|hundred|thousand|million|billion))?(?:{NUMBER_WORD})\b"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{NUMBER_WORD})\b)*)"
    r"|\b(?P<vague>(?:tens|hundreds) of (?:thousands|millions)"
    r"|dozens|hundreds|thousands|millions|billions|trillions)\b)",
    re.IGNORECASE,
)
MONTH_AFTER = re.compile(r"[\s,]*(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
COUNTED_TOKEN = re.compile(r"[A-Za-z][\w’'\-]*|[^\w\s]")
SCALE_WORD = re.compile(r"\b(?:hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
SCALE_AFTER = re.compile(r"[\s\u00a0]+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\bbetween[\s\u00a0]+$")
FROM_BEFORE = re.compile(r"\bfrom[\s\u00a0]+$")
# A verb of change before "from": "rose from 20 to 30", "increased by 22% from 48.4 MW to 59.0 MW".
CHANGE_BEFORE = re.compile(
    r"\b(?:ris\w*|rose|fell|fall\w*|increas\w*|decreas\w*|grew|grow\w*|drop\w*|declin\w*|climb\w*|jump\w*|"
    r"went|go(?:es|ne|ing)?|chang\w*|improv\w*|rais\w*|reduc\w*|lower\w*|cut\w*|shift\w*|mov\w*|doubl\w*|"
    r"tripl\w*|surg\w*|soar\w*|plung\w*|plummet\w*|slid\w*|slipp?\w*|swell\w*|swoll\w*|expand\w*|shr[aiu]nk\w*|"
    r"spik\w*|tumbl\w*|dipp?\w*|sank|sink\w*|gain\w*|los[est]\w*|up|down)\b"
)
# The unit a range may repeat after its first number: "185 km and 215 km", "20% to 30%".
UNIT_BETWEEN = r"(?:[ \u00a0]?(?:%|°\s?[CFK]?|(?!(?:to|and|or|through)\b)[^\W\d_]{1,5}\.?))?"
SECOND_NUMBER = re.compile(
    UNIT_BETWEEN + r"[\s\u00a0]+(?:and|to)[\s\u00a0]+(?:[$€£¥])?(?P<sign>[-−])?(?P<numeral>" + NUMERAL + r")"
)
# "1323–1423 K", "20 to 30 people", "0.5-1.5", "−14 to −10" (a hyphen only between bare numerals).
RANGE_AFTER = re.compile(
    UNIT_BETWEEN + r"(?:[ \u00a0]*[–—−][ \u00a0]*|[ \u00a0]+(?:to|through)[ \u00a0]+|-(?=\d))"
    r"(?:[$€£¥])?(?P<sign>[-−])?(?P<numeral>" + NUMERAL + r")(?![\w/]|[-–]\d)"
)
TOLERANCE_AFTER = re.compile(r"[ \u00a0]*(?:±|\+/-|\+/−|\+-)[ \u00a0]*(?P<numeral>" + NUMERAL + r")")
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourths": 4, "fifth": 5,
             "fifths": 5, "sixths": 6, "eighths": 8, "tenths": 10}  # fmt: skip
FRACTION_AFTER = re.compile(r"[\s-]+(halves|thirds|quarters|fourths|fifths|sixths|eighths|tenths)\b", re.IGNORECASE)
AND_A_HALF = re.compile(r"[\s-]+and[\s-]+a[\s-]+half\b", re.IGNORECASE)
# Bills and codes: "SB 1070", "H.R. 1", "S. 2155", "AB 5".
BILL = re.compile(r"^(?:[A-Z]{1,3}B|H\.?R\.?|S\.|[HS]\.?J\.?R(?:es)?\.?|[HS]\.?C\.?R\.?|[HSA]R|LB|Prop\.?)$")
YEAR_PREPOSITIONS = {"in", "since", "by", "until", "from", "during", "before", "after", "through", "circa", "c.",
                     "year", "fiscal"}  # fmt: skip
OF_AFTER = re.compile(r"\s+of\b")
THE_BEFORE = re.compile(r"\bthe[\s\u00a0]+$")
PHONE = re.compile(r"(?=[(\d])(?:\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}|\d{3}-\d{4})")


@dataclass
class QuantitySuggestion:
    surface: str
    qualifier: str
    value: Decimal
    value_to: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool
    unit: str
    measured: str
    start: int
    end: int


def find_quantities(text: str) -> list[QuantitySuggestion]:
    phones = [(m.start(), m.end()) for m in PHONE.finditer(text)]
    found: list[QuantitySuggestion] = []
    next_phone = 0
    for match in CANDIDATE.finditer(text):
        while next_phone < len(phones) and phones[next_phone][1] <= match.start():
            next_phone += 1
        in_phone = next_phone < len(phones) and phones[next_phone][0] <= match.start()
        if in_phone or (found and match.start() < found[-1].end):
            continue
        number = _read_number(text, match)
        if number is None:
            continue
        value, start, end, unit = number
        second = None if match.group("vague") else _second_number(text, start, end, value)
        if _not_a_quantity(text, match, start, second[2] if second else end, value):
            continue
        quantity = _hedge(text, value, start, end, unit, vague=bool(match.group("vague")), second=second)
        if quantity:
            found.append(quantity)
    return found


def _decimal(numeral: str, sign: str | None = None) -> Decimal:
    digits = re.sub(r"[,\s\u2009\u202f\u00a0]", "", numeral)
    return -Decimal(digits) if sign else Decimal(digits)


def _read_number(text: str, match: re.Match) -> tuple[Decimal, int, int, str] | None:
    start, end, unit = match.start(), match.end(), ""
    if match.group("vague"):
        return Decimal(VAGUE[match.group("vague").lower()]), start, end, ""
    if match.group("fraction"):
        return (
            (Decimal(1) / FRACTIONS[re.split(r"[\s-]+", match.group("fraction"))[-1].lower()]).quantize(PLACES),
            start,
            end,
            "",
        )
    if match.group("numeral"):
        try:
            value = _decimal(match.group("numeral"), match.group("sign"))
        except InvalidOperation:
            return None
        if match.group("vulgar"):
            value += Decimal(VULGAR[match.group("vulgar")]) * (-1 if value < 0 else 1)
        if match.group("suffix"):
            if match.group("currency"):  # "$1.2bn"; without a currency "1500b" or "5m" is a code or a unit
                value *= SUFFIX_SCALES[match.group("suffix").lower()]
            else:
                unit = match.group("suffix")
        value, end = _scaled(text, value, end)
        if match.group("currency"):
            unit = CURRENCIES[match.group("currency")]
        return value, start, end, unit
    value = _words_value(match.group("words"))
    if value is None:
        return None
    end = match.end("words")
    if half := AND_A_HALF.match(text, end):  # "two and a half"
        value, end = value + Decimal("0.5"), half.end()
    elif (parts := FRACTION_AFTER.match(text, end)) and value < 20:  # "two thirds"
        value, end = (value / FRACTIONS[parts.group(1).lower()]).quantize(PLACES), parts.end()
    return value, start, end, unit


def _scaled(text: str, value: Decimal, end: int) -> tuple[Decimal, int]:
    """The value times a scale word written after it ("1.2 million"), and where that word ends."""
    scale = SCALE_AFTER.match(text, end)
    return (value * SCALES[scale.group(1).lower()], scale.end()) if scale else (value, end)


def _second_number(text: str, start: int, end: int, value: Decimal) -> tuple[Decimal, Decimal, int] | None:
    """(lower, upper, end) of a range or a tolerance written from a number on: "20 to 30",
    "1323–1423", "between 185 km and 215 km", "1–2 million" (the scale is both numbers'), "5.2 ± 0.3"."""
    if tolerance := TOLERANCE_AFTER.match(text, end):
        spread = _decimal(tolerance.group("numeral"))
        return value - spread, value + spread, tolerance.end()
    before = text[max(0, start - 40) : start].lower()
    pattern = SECOND_NUMBER if BETWEEN_BEFORE.search(before) else RANGE_AFTER
    other = pattern.match(text, end)
    if other is None or (pattern is RANGE_AFTER and FROM_BEFORE.search(before) and CHANGE_BEFORE.search(before)):
        return None  # "rose from 20 to 30" is a change, two figures ("ranged from 20 to 30", "is from 20 to 30": one)
    try:
        upper = _decimal(other.group("numeral"), other.group("sign"))
    except InvalidOperation:
        return None
    scaled, after = _scaled(text, upper, other.end())
    if scaled != upper and not SCALE_WORD.search(text, start, end):
        value = value * scaled / upper
    if scaled >= value:
        return value, scaled, after
    worded = pattern is SECOND_NUMBER or " to " in other.group()
    return (scaled, value, after) if worded else None  # "between 11.8 m and 11.5 m"; but "won 5-3" is a score


def _words_value(phrase: str) -> Decimal | None:
    """'seven hundred' -> 700, 'twenty-five' -> 25, 'a dozen' -> 12, 'two million' -> 2000000."""
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower()) if t and t != "and"]
    if not tokens or (tokens[0] == "a" and tokens[1:2] not in (["dozen"], ["hundred"], ["thousand"], ["million"])):
        return None
    total, current = 0, 0
    for token in tokens:
        if token == "a":
            current = 1
        elif token in UNITS_WORDS:
            current += UNITS_WORDS[token]
        elif token in TENS_WORDS:
            current += TENS_WORDS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
    return Decimal(total + current)


def _not_a_quantity(text: str, match: re.Match, start: int, end: int, value: Decimal) -> bool:
    before = text[max(0, start - 24) : start].lower().split()
    after = text[end : end + 16].lower()
    prev = before[-1].strip(",.") if before else ""
    surface = text[start:end].lower()
    if match.group("words"):
        words = surface.split()
        if words == ["one"]:
            return True  # "one" is most often a pronoun ("no one", "one of them")
    left, right = text[start - 1] if start else " ", text[end] if end < len(text) else " "
    if left.isalpha() or (right.isalpha() and not match.group("suffix")):
        return True  # part of a word or identifier: "COVID19", "H1B", "7th"
    if left in "-/#" or (right in "-/:" and text[end + 1 : end + 2].isdigit()):
        return True  # "COVID-19", "9/11", "10:30", "2019-08-07"
    if re.match(r"(st|nd|rd|th)\b", after):
        return True
    if prev in MONTHS or MONTH_AFTER.match(after):
        return True  # "August 7", "7 August"
    if re.match(r"\s*(a\.m\.|p\.m\.|am\b|pm\b|o'clock)", after):
        return True
    if prev in LABELS or (before and before[-1].endswith(".") and prev in LABELS):
        return True
    written_before = text[max(0, start - 12) : start].split()
    if written_before and BILL.match(written_before[-1].rstrip(",")):
        return True  # "SB 1070", "H.R. 1"
    if _looks_like_year(text, match, start, end, value, prev, after):
        return True
    return False


def _looks_like_year(text, match, start, end, value, prev, after) -> bool:
    numeral = match.group("numeral")
    if not numeral or "," in numeral or "." in numeral or match.group("currency") or len(numeral) != 4:
        return False
    if not 1000 <= value <= 2100:
        return False
    if value < 1800:
        return prev in YEAR_PREPOSITIONS  # "since 1789"; "1323 K" is a temperature
    counted = re.match(r"\s+([a-z]+)", after)
    return not (counted and counted.group(1).endswith("s") and prev not in YEAR_CONTEXT and counted.group(1) not in
                {"was", "is", "has", "levels"})  # fmt: skip


def _hedge(text: str, value: Decimal, start: int, end: int, unit: str, *, vague: bool,
           second: tuple[Decimal, Decimal, int] | None = None) -> QuantitySuggestion | None:  # fmt: skip
    qualifier, value_to = ("order_of_magnitude" if vague else "exact"), None
    before = text[max(0, start - 24) : start].lower()
    if second is not None:  # a range: [value, value_to], "between" included in its words
        qualifier, (value, value_to, end) = "between", second
        if between := BETWEEN_BEFORE.search(before):
            start -= len(before) - between.start()
    elif not vague:
        hedge = _hedge_before(before) or _symbol_before(before)
        if hedge:
            qualifier, start = hedge[1], start - hedge[0]
        after = text[end : end + 12].lower()
        for phrase, meaning in HEDGES_AFTER:
            if qualifier == "exact" and after.startswith((" " + phrase, phrase if phrase[0] in "-+" else "\0")):
                qualifier, end = meaning, end + len(phrase) + (0 if phrase[0] in "-+" else 1)
                break
    if vague and OF_AFTER.match(text, end) is None and not THE_BEFORE.search(before):
        return None  # "thousands" alone is rarely a count ("thousands" of what?)
    percent = PERCENT_AFTER.match(text, end)
    if percent:
        unit, end = "percent", percent.end()
    unit_found, measured = _counted(text, end)
    try:
        b = bounds_for(qualifier, value, value_to)
    except ValueError:
        return None
    return QuantitySuggestion(
        surface=text[start:end], qualifier=qualifier, value=value, value_to=value_to, lower=b.lower, upper=b.upper,
        lower_inclusive=b.lower_inclusive, upper_inclusive=b.upper_inclusive, unit=unit or unit_found,
        measured=measured, start=start, end=end,
    )  # fmt: skip


def _symbol_before(before: str) -> tuple[int, str] | None:
    match = SYMBOL_BEFORE.search(before)
    return (len(before) - match.start(1), SYMBOLS_BEFORE[match.group(1)]) if match else None


def _hedge_before(before: str) -> tuple[int, str] | None:
    """(characters the hedge takes before the number, its qualifier), or None."""
    match = HEDGE_BEFORE.search(before)
    return (len(before) - match.start(1), HEDGE_MEANING[match.group(1)]) if match else None


def _counted(text: str, end: int) -> tuple[str, str]:
    """The counted noun and what is measured: '700 undocumented immigrants were detained' ->
    ('immigrants', 'undocumented immigrants detained')."""
    tokens = COUNTED_TOKEN.findall(text, end, end + 100)
    if tokens[:1] == ["of"]:
        tokens = tokens[1:]
        if tokens and tokens[0].lower() in {"the", "these", "those", "their", "its", "his", "her"}:
            tokens = tokens[1:]
    noun: list[str] = []
    for token in tokens:
        lowered = token.lower()
        if not token[0].isalpha() or lowered in STOP_NOUNS or lowered in VERBS or len(noun) >= 4:
            break
        noun.append(token)
        if _plural(lowered):
            break
    if not noun:
        return "", ""
    rest = [t.lower() for t in tokens[len(noun) : len(noun) + 3]]
    measured = " ".join(noun)
    if rest[:1] and rest[0] in BE:
        participle = next((t for t in rest[1:3] if t.endswith(("ed", "en")) and t not in BE), None)
        measured = f"{measured} {participle}" if participle else measured
    return noun[-1].lower(), measured


def _plural(word: str) -> bool:
    return word in IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))
