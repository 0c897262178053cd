"""Reported speech without quotation marks, in a sentence that has none.

Three shapes, tried in this order:

- "according to": According to the report, over 300 were released. / ..., according to ICE.
- a cue with a that-clause (or a bare clause after "said"): Hurst said that the raids ... /
  She argued they would ...
- a trailing attribution: Over 300 were released by Thursday, said a spokesperson for ICE. /
  The plan, the outlet adds, would ...

``reported_speech`` returns the reported content (trimmed, at least three words) with its
``Attribution``; resolving the speaker is left to the caller.
"""

from claims.extraction.attribution import PARTICIPLES, Attribution, CueReader
from claims.extraction.phrases import Word, phrase_after, span_text
from claims.extraction.text import Span, strip_span, words

BARE_CLAUSE_CUES = {"said", "says", "say", "suggested", "suggests", "argued", "argues", "insisted", "insists",
                    "claimed", "claims", "predicted", "acknowledged", "conceded", "contended", "added"}  # fmt: skip
CLAUSE_OPENERS = {"he", "she", "they", "it", "we", "i", "the", "his", "her", "their", "there", "this"}

Reported = tuple[Span, Attribution]


def reported_speech(cues: CueReader) -> Reported | None:
    """The reported content of `cues`' sentence and its attribution, or None."""
    sentence = cues.sentence
    tokens = words(cues.text, sentence.start, sentence.end)
    if len(tokens) < 5:
        return None
    return _according_to(cues, tokens) or _that_clause(cues, tokens) or _trailing_attribution(cues, tokens)


def _according_to(cues: CueReader, tokens: list[Word]) -> Reported | None:
    text, sentence = cues.text, cues.sentence
    for i in range(len(tokens) - 2):
        if tokens[i][0].lower() == "according" and tokens[i + 1][0].lower() == "to":
            phrase = phrase_after(text, tokens[i + 2 :])
            if not phrase:
                return None
            comma = text.find(",", phrase[-1][2], sentence.end)
            if i == 0 and comma != -1:
                content = Span(comma + 1, sentence.end)
            else:
                cut = text.rfind(",", sentence.start, tokens[i][1])
                content = Span(sentence.start, cut if cut != -1 else tokens[i][1])
            return _reported(text, content, Attribution("According to", span_text(text, phrase), phrase[0][1]))
    return None


def _that_clause(cues: CueReader, tokens: list[Word]) -> Reported | None:
    for i, (word, _start, _end) in enumerate(tokens[:-2]):
        lowered = word.lower()
        if not cues.is_cue(tokens, i) or lowered in PARTICIPLES:
            continue
        following = [t[0].lower() for t in tokens[i + 1 : i + 7]]
        that = following.index("that") if "that" in following else None
        clause_start = following[0] if following else ""
        says = lowered in {"said", "says", "say"}
        bare = lowered in BARE_CLAUSE_CUES and (says or clause_start in CLAUSE_OPENERS)
        if that is None and not bare:
            continue
        if that is not None and i + 2 + that >= len(tokens):
            continue  # "..., I can't say that." ends with its "that": no clause follows
        phrase = cues.cue_subject(tokens, i)
        if not phrase:
            continue
        content_start = tokens[i + 2 + that][1] if that is not None else tokens[i + 1][1]
        attribution = Attribution(word, span_text(cues.text, phrase), phrase[0][1])
        return _reported(cues.text, Span(content_start, cues.sentence.end), attribution)
    return None


def _trailing_attribution(cues: CueReader, tokens: list[Word]) -> Reported | None:
    """Over 300 ... were released by Thursday, said a spokesperson for ICE. / ..., the outlet adds, ..."""
    text, sentence = cues.text, cues.sentence
    comma = text.find(",", sentence.start, sentence.end)
    while comma != -1:
        attribution = cues.attribution_after(Span(comma + 1, sentence.end))
        if attribution:
            tail_comma = text.find(",", attribution.mention_start, sentence.end)
            rest = Span(tail_comma + 1, sentence.end) if tail_comma != -1 else None
            if rest and len(words(text, rest.start, rest.end)) >= 4:
                return _reported(text, rest, attribution)
            return _reported(text, Span(sentence.start, comma), attribution)
        comma = text.find(",", comma + 1, sentence.end)
    return None


def _reported(text: str, content: Span, attribution: Attribution) -> Reported | None:
    """The content without its edge punctuation and final period, if three words or more remain."""
    content = strip_span(text, content, drop_period=True)
    if content is None or len(words(text, content.start, content.end)) < 3:
        return None
    return content, attribution
