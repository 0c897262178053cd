"""Finding what attributes a quotation: its speech cue and the words that name its speaker.

``CueReader`` reads one sentence. Around a quotation it looks for

- an attribution after it: “...,” said Mike Hurst / “...,” he continued / “...,” the union's
  president, Carla Jennings, said / “...,” according to the report;
- an attribution before it: Trump said, “...” / he told reporters outside the White House, “...” /
  Hurst called the raids “...”;
- a label: Reese: “...” (a transcript) / ... a statement from spokeswoman Kara Fitch: “...”.

It returns an ``Attribution``: the cue and the mention as written, with its offset. Which entity the
mention refers to is decided later (``speakers.py``); which words form the mention, in ``phrases.py``.
"""

import re
from dataclasses import dataclass

from claims.extraction import lexicon
from claims.extraction.phrases import (
    MAX_SPEAKER_WORDS,
    Word,
    bare_subject,
    hard_break,
    mention_kind,
    name_before_colon,
    phrase_after,
    span_text,
    speaker_before,
    subject,
)
from claims.extraction.text import Span, words

LABEL = re.compile(r"^[A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){0,3}:$")  # "Reese:" opening a transcript line
LOOK_BACK = 300  # characters before a quote searched for its cue
PARTICIPLES = {form for form in lexicon.SPEECH_VERBS if form.endswith("ing")}
DASHES = {"—", "–", "―", "-", "--"}
NAMED = {"person", "organization", "outlet"}
NAMED_OR_PRONOUN = NAMED | {"pronoun", "anonymous"}
# A verb in the past or the present third person ("fumed", "gushed", "sings", "concludes"), not a
# form of "be" or "have" ("is", "has").
VERB_FORM = re.compile(r"^(?!(?:is|was|has|does|this|thus|us|yes|as|its|his|hers|ours|theirs|news)$)[a-z]{2,}(?:ed|s)$")


def _in_parenthesis(between: str) -> bool:
    """Whether the words read so far end inside a short parenthesis, with nothing else breaking them."""
    opened = between.rfind("(")
    return (
        opened != -1
        and ")" not in between[opened:]
        and not hard_break(between[:opened].replace("(", "").replace(")", ""))
        and len(between) - opened < 30
    )


@dataclass
class Attribution:
    cue: str
    mention: str
    mention_start: int
    context: str = ""
    named: bool = True  # False when the mention is a bare noun phrase, not a speaker to resolve


class CueReader:
    """Speech cues and their speaker phrases in one sentence of `text`."""

    __slots__ = ("sentence", "text")

    def __init__(self, text: str, sentence: Span):
        self.text, self.sentence = text, sentence

    def attribution_after(self, region: Span) -> Attribution | None:
        """“...,” said Mike Hurst. / “...,” he continued. / “...,” the union's president, Carla Jennings, said."""
        text = self.text
        tokens = words(text, region.start, region.end, limit=MAX_SPEAKER_WORDS + 6)
        lead = text[region.start : tokens[0][1]] if tokens else ""
        if not tokens or lead.strip(" ,'—–―\u00a0"):  # ' closes a quotation written ''...''
            return None
        if lead.strip(" \u00a0") in DASHES:
            return self._signature(region, tokens)
        for i, (word, start, _end) in enumerate(tokens):
            between = text[region.start : start]
            if hard_break(between):
                if _in_parenthesis(between):
                    continue  # “...,” Rep. Gwen Moore (D-Wis.) said
                return None
            if i == 0 and word.lower() == "according" and len(tokens) > 2 and tokens[1][0].lower() == "to":
                phrase = phrase_after(text, tokens[2:])
                return Attribution("according to", span_text(text, phrase), phrase[0][1]) if phrase else None
            if not self.is_cue(tokens, i) or word.lower() in PARTICIPLES:
                continue
            if i == 0:
                phrase = phrase_after(text, tokens[1:])
                return Attribution(word, span_text(text, phrase), phrase[0][1]) if phrase else None
            phrase, named = speaker_before(text, tokens[:i]), True
            if not phrase:  # “...,” another child responded: a speaker described, not one to resolve
                phrase, named = bare_subject(text, tokens, i - 1), False
                phrase = phrase if phrase and phrase[0] == tokens[0] else []
            if not phrase:
                return None
            cue, context = self._cue_with_object(word, tokens[i + 1 :], region.end)
            return Attribution(cue, span_text(text, phrase), phrase[0][1], context, named=named)
        return self._verb_after(region, tokens)

    def _signature(self, region: Span, tokens: list[Word]) -> Attribution | None:
        """'“...” ― Pamela Padilla': a name signed after a dash, ending the sentence."""
        phrase = phrase_after(self.text, tokens)
        rest = self.text[phrase[-1][2] : region.end].strip(" .,\u00a0") if phrase else "?"
        if not phrase or rest or mention_kind(span_text(self.text, phrase)) not in NAMED:
            return None
        return Attribution("", span_text(self.text, phrase), phrase[0][1])

    def _verb_after(self, region: Span, tokens: list[Word]) -> Attribution | None:
        """'“...,” Blige sings to Clinton' / '“...,” Trump fumed.': a quotation closed on a comma, then a
        named subject and a verb, whatever the verb: the structure says it is the attribution."""
        closing = self.text[max(0, region.start - 2) : region.start]
        if not closing or closing[0] not in ",?!" or len(tokens) < 2:
            return None
        for i in range(1, min(len(tokens), MAX_SPEAKER_WORDS + 1)):
            word = tokens[i][0]
            if hard_break(self.text[tokens[i - 1][2] : tokens[i][1]]) or not VERB_FORM.match(word):
                continue
            phrase = speaker_before(self.text, tokens[:i])
            if phrase and phrase[0] == tokens[0] and mention_kind(span_text(self.text, phrase)) in NAMED_OR_PRONOUN:
                return Attribution(word, span_text(self.text, phrase), phrase[0][1])
            return None
        return None

    def attribution_before(self, region: Span) -> Attribution | None:
        """Trump said, “...” / he told reporters outside the White House, “...” / Hurst called X “...”."""
        tokens = words(self.text, max(region.start, region.end - LOOK_BACK), region.end)
        return self._cue_before(region, tokens) or self._label(region, tokens)

    def is_cue(self, tokens: list[Word], i: int) -> bool:
        """A speech verb used as one: not a name ("The Washington Post"), not a noun ("his remarks")."""
        word, start, _ = tokens[i]
        lowered = word.lower()
        if lowered not in lexicon.SPEECH_VERBS or (word != lowered and start != self.sentence.start):
            return False
        previous = tokens[i - 1][0].lower() if i else ""
        if previous in lexicon.DETERMINERS or previous.endswith(("’s", "'s")):
            return False
        particle = lexicon.PARTICLE_CUES.get(lowered)
        return not particle or (i + 1 < len(tokens) and tokens[i + 1][0].lower() == particle)

    def cue_subject(self, tokens: list[Word], i: int) -> list[Word]:
        """Who speaks through the cue at i: the words before it, or the sentence's subject for
        'saying ...' and for a second verb ('called it “...” and said ...')."""
        before = tokens[i - 1][0].lower() if i else ""
        if tokens[i][0].lower() in PARTICIPLES or before in {"and", "but"}:
            return subject(self.text, Span(self.sentence.start, tokens[i][1]))
        return speaker_before(self.text, tokens[:i])

    def _cue_before(self, region: Span, tokens: list[Word]) -> Attribution | None:
        for i in range(len(tokens) - 1, max(-1, len(tokens) - 22), -1):
            word = tokens[i][0].lower()
            if word == "to" and i and tokens[i - 1][0].lower() == "according":
                phrase = phrase_after(self.text, tokens[i + 1 :])
                if phrase:
                    return Attribution("According to", span_text(self.text, phrase), phrase[0][1])
            if not self.is_cue(tokens, i):
                continue
            phrase, named = self.cue_subject(tokens, i), True
            if not phrase and i and tokens[i][0].lower() not in PARTICIPLES:  # another child responded, “...”
                phrase, named = bare_subject(self.text, tokens, i - 1), False
            if not phrase:
                continue
            cue, context = self._cue_with_object(tokens[i][0], tokens[i + 1 :], region.end)
            return Attribution(cue, span_text(self.text, phrase), phrase[0][1], context, named=named)
        return None

    def _label(self, region: Span, tokens: list[Word]) -> Attribution | None:
        """'Reese: “...”' (a transcript) and '... a statement from spokeswoman Kara Fitch: “...”'."""
        lead = self.text[region.start : region.end].rstrip()
        if not lead.endswith(":") or not tokens:
            return None
        if LABEL.match(lead):
            return Attribution("", lead[:-1].strip(), tokens[0][1])
        opening = subject(self.text, Span(self.sentence.start, region.end))
        for phrase in (name_before_colon(tokens), opening):
            if phrase and mention_kind(span_text(self.text, phrase)) in {"person", "organization", "outlet", "pronoun"}:
                return Attribution("", span_text(self.text, phrase), phrase[0][1])
        verb = [t for t in tokens if opening and t[1] > opening[-1][1]]
        if len(verb) == 1 and VERB_FORM.match(verb[0][0]):  # "a friend commented:": a described speaker
            return Attribution(verb[0][0], span_text(self.text, opening), opening[0][1], named=False)
        return None

    def _cue_with_object(self, cue: str, rest: list[Word], limit: int) -> tuple[str, str]:
        """'told' + 'reporters outside the White House' -> cue 'told reporters', context 'outside ...'."""
        if cue.lower() not in {"told", "tells", "telling", "tell"} or not rest:
            return cue, ""
        end = self.text.find(",", rest[0][1], limit)
        end = end if end != -1 else limit
        audience = [t for t in rest if t[2] <= end]
        if not audience:
            return cue, ""
        places = {"outside", "at", "in", "on", "during", "after", "aboard", "before"}
        split = next((i for i, t in enumerate(audience) if t[0].lower() in places), None)
        head = audience[:split] if split else audience if len(audience) <= 5 else audience[:1]
        context = self.text[audience[split][1] : audience[-1][2]] if split else ""
        return f"{cue} {span_text(self.text, head)}", context
