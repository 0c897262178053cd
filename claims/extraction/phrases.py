"""Which words around a speech cue name the speaker.

Helpers over the tokens of ``text.words()`` (a ``Word`` is ``(word, start, end)``) that find the noun
phrase naming who speaks:

- before a cue, past appositives, party tags and relative clauses:
  "Rep. Dale Huxley, R-Ariz., a member of the committee, said" -> "Rep. Dale Huxley";
- after a cue: "said a spokesperson for ICE." -> "a spokesperson for ICE";
- the subject opening a clause: "President Trump announced ..., saying" -> "President Trump";
- a name before a colon: "a statement from spokeswoman Kara Fitch:" -> "spokeswoman Kara Fitch".

They only read the text. Deciding who a phrase refers to is ``speakers.py``'s job; finding the cue is
``attribution.py``'s.
"""

import re

from claims.extraction import lexicon
from claims.extraction.entities import parse_mention
from claims.extraction.text import Span, words

Word = tuple[str, int, int]

MAX_SPEAKER_WORDS = 12
NAMED_KINDS = {"person", "organization", "outlet", "pronoun", "role", "outlet_reference", "organization_reference",
               "anonymous_reference"}  # fmt: skip
SPEAKER_HEADS = (
    lexicon.PRONOUNS.keys()
    | lexicon.ANONYMOUS_HEADS
    | lexicon.OUTLET_NOUNS
    | lexicon.ROLE_TITLES.keys()
    | lexicon.ORGANIZATION_WORDS
)
SKIPPED_BEFORE_CUE = {"also", "later", "again", "previously", "then", "further", "repeatedly", "recently", "once",
                      "separately", "often", "has", "had", "have", "would", "will", "did", "does", "publicly",
                      "privately", "quickly", "flatly", "simply", "only", "just", "first"}  # fmt: skip
# Words that make the noun phrase after them an object ("a Democrat from Cleveland"), not a speaker.
OBJECT_MARKERS = {"from", "in", "at", "on", "of", "with", "by", "to", "near", "about", "against", "for", "into",
                  "over", "under", "toward", "towards", "than", "like", "between", "among", "via",
                  "through"}  # fmt: skip
# Words opening a sentence's introduction, which ends at its first comma: "While debating the nominees, a friend ...".
INTRODUCTIONS = {"on", "in", "at", "after", "before", "during", "despite", "when", "while", "although", "though", "as",
                 "if", "because", "since", "with", "without", "for", "by", "under", "until", "once", "unlike",
                 "amid", "following", "having", "asked", "speaking", "whether"}  # fmt: skip
PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")


def span_text(text: str, tokens: list[Word]) -> str:
    """The text from the first token to the last ('' for none)."""
    return text[tokens[0][1] : tokens[-1][2]] if tokens else ""


def mention_kind(phrase: str) -> str | None:
    mention = parse_mention(phrase)
    return mention.kind if mention else None


def is_pronoun(tokens: list[Word]) -> bool:
    return len(tokens) == 1 and tokens[0][0].lower() in lexicon.PRONOUNS


HARD_BREAK = re.compile(r'[;:\[\]“”"—]')


def hard_break(between: str) -> bool:
    """Whether the text between two words ends a phrase for certain (a quote mark, a dash, a colon ...)."""
    if between == " ":
        return False
    return HARD_BREAK.search(between) is not None or ("(" in between and ")" not in between)


def clause_break(text: str, start: int, end: int) -> bool:
    between = text[start:end]
    return any(c in between for c in ';:()[]“”"') or ", " in between or "—" in between


def phrase_after(text: str, tokens: list[Word]) -> list[Word]:
    """The speaker words right after a cue: 'said Mike Hurst, ...', 'said a spokesperson for ICE.'"""
    phrase: list[Word] = []
    for token in tokens:
        if phrase and clause_break(text, phrase[-1][2], token[1]):
            break
        if token[0].lower() in lexicon.PHRASE_STOPS and token[0].lower() not in {"the", "this"}:
            break
        phrase.append(token)
        if len(phrase) >= MAX_SPEAKER_WORDS:
            break
    return phrase


def subject(text: str, clause: Span) -> list[Word]:
    """The subject that opens a clause, for participle cues: 'President Trump announced ..., saying'."""
    tokens = words(text, clause.start, clause.end, limit=40)
    intro = tokens and tokens[0][0].lower() in INTRODUCTIONS
    if intro:
        comma = text.find(",", clause.start, clause.end)
        tokens = [t for t in tokens if t[1] > comma] if comma != -1 else tokens
    phrase: list[Word] = []
    for token in tokens:
        lowered = token[0].lower()
        if phrase and (lowered in lexicon.SPEECH_VERBS or lowered in lexicon.PHRASE_STOPS or lowered.endswith("ed")):
            break
        if phrase and token[0][0].islower() and not phrase[-1][0][0].islower() and lowered not in {"of", "for"}:
            break
        phrase.append(token)
        if len(phrase) >= 6:
            break
    return phrase


def name_before_colon(tokens: list[Word]) -> list[Word]:
    """'... a statement from spokeswoman Kara Fitch:' -> 'spokeswoman Kara Fitch'."""
    phrase: list[Word] = []
    for token in reversed(tokens[-6:]):
        if not (token[0][0].isupper() or token[0].lower() in lexicon.PERSON_TITLES):
            break
        phrase.insert(0, token)
    return phrase


def speaker_before(text: str, tokens: list[Word]) -> list[Word]:
    """The speaker words before a cue, past appositives: 'Rep. Dale Huxley, R-Ariz., a member of X, said'."""
    segments = _segments_before(text, tokens)
    kinds = [mention_kind(span_text(text, segment)) for segment in segments]
    named = next((seg for seg, kind in zip(segments, kinds, strict=True) if kind in NAMED_KINDS), None)
    return named or next((seg for seg, kind in zip(segments, kinds, strict=True) if kind), [])


def bare_subject(text: str, tokens: list[Word], k: int) -> list[Word]:
    """A subject no speaker rule names ('a review of records', '63 percent'): the words back to a clause break."""
    start = k
    while start > 0 and k - start < 6 and not any(c in text[tokens[start - 1][2] : tokens[start][1]] for c in ",;:("):
        start -= 1
    phrase = tokens[start : k + 1]
    if any(t[0].lower() in {"which", "who", "that", "and", "but", "if", "when", "as"} for t in phrase):
        return []
    return phrase


def _segments_before(text: str, tokens: list[Word]) -> list[list[Word]]:
    """Comma-separated noun phrases before a cue, nearest first (at most four), read right to left."""
    i = len(tokens) - 1
    while i >= 0 and tokens[i][0].lower() in SKIPPED_BEFORE_CUE:
        i -= 1
    i = _before_relative_clause(text, tokens, i)
    segments, current = [], []
    while i >= 0 and len(segments) < 4:
        token = tokens[i]
        lowered = token[0].lower()
        if current:
            between = text[token[2] : current[0][1]]
            if hard_break(between):
                break
            if "," in between:
                segments.append(current)
                current = []
                i = _before_relative_clause(text, tokens, i)
                continue
        if PARTY_TAG.match(token[0]):
            i -= 1
            continue
        if lowered in {"who", "which", "whose"}:
            current = []  # the words after it were a relative clause, not the speaker
            i -= 1
            continue
        if _ends_phrase(token, current, tokens[i - 1] if i else None):
            if _is_last_segment(lowered, current):
                break  # `current` is the last segment: appended below
            if lowered in lexicon.DETERMINERS:
                segments.append([token, *current])  # "a senior aide": the phrase starts at its determiner
            # Otherwise the words were the object of a preposition ("a Democrat from Cleveland")
            # or a participial phrase: not a speaker. Either way, look before the previous comma.
            current = []
            i = _previous_comma(text, tokens, i)
            if i < 0:
                break
            i = _before_relative_clause(text, tokens, i)
            continue
        current.insert(0, token)
        if len(current) >= MAX_SPEAKER_WORDS:
            break
        i -= 1
    if current:
        segments.append(current)
    return segments


def _is_last_segment(lowered: str, current: list[Word]) -> bool:
    """At the word (lowercased) that ends the phrase `current`: whether that phrase is the last segment."""
    if is_pronoun(current):
        return True  # "what she called “...”": a pronoun is the whole speaker phrase
    if not current or lowered in lexicon.DETERMINERS or lowered in OBJECT_MARKERS:
        return False  # a determiner starts the phrase; a preposition makes it an object
    return lowered in lexicon.PHRASE_STOPS  # "shortly after President Donald Trump said"


def _previous_comma(text: str, tokens: list[Word], i: int) -> int:
    """The index of the last token before the nearest comma left of token i (-1 when none)."""
    for k in range(i, max(0, i - 14), -1):
        between = text[tokens[k - 1][2] : tokens[k][1]]
        if hard_break(between):
            return -1
        if "," in between:
            return k - 1
    return -1


def _before_relative_clause(text: str, tokens: list[Word], i: int) -> int:
    """Skip back over 'who owns a store on Main Street' to the noun phrase it describes."""
    for k in range(i, max(-1, i - 12), -1):
        if tokens[k][0].lower() in {"who", "which", "whose"}:
            return k - 1
        if hard_break(text[tokens[k][2] : tokens[k + 1][1]] if k + 1 < len(tokens) else ""):
            break
    return i


def _ends_phrase(token: Word, current: list[Word], left: Word | None) -> bool:
    """Whether `token`, left of the phrase `current`, is not part of it."""
    lowered = token[0].lower()
    if lowered in lexicon.PHRASE_STOPS:
        return True
    if lowered in lexicon.DETERMINERS:
        return not (left and left[0].lower() in {"of", "for", "at"})  # "the" inside "for the Southern District"
    if lowered == "to" and left and left[0].lower() in lexicon.ANONYMOUS_HEADS:
        return False  # "an adviser to Whitcomb"
    if not current:  # the word right before the cue: a speaker's head noun, or not the speaker
        described = left is not None and (left[0].lower() in {"the", "this", "that"} or left[0][0].isupper())
        return token[0][0].islower() and lowered not in SPEAKER_HEADS and not (described and token[0].isalpha())
    if is_pronoun(current):
        return True
    if token[0][0].isupper() or lowered in {"of", "for", "at"} or lowered in lexicon.PERSON_TITLES:
        return False
    has_name = any(t[0][0].isupper() for t in current)
    if has_name and left and left[0][0].isupper() and lowered not in OBJECT_MARKERS:
        return False  # "White House communications director Ben Harlow": a title between capitals
    return has_name  # lowercase adjectives belong to "a senior immigration official", not to a name
