"""Direct, partial and indirect quotes with their cues and speakers.

A quotation counts only when something attributes it: a speech cue with a speaker next to it
(“...,” he said / Trump said, “...” / Hurst called the raids “...”), or the same speaker's quote
just before it. Scare quotes, titles of works, names and slogans have no attribution and are
left out.

This module walks the document (``find_quotes``: paragraphs, then sentences) and decides, for each
quotation, what it is: a title or scare quote, a quote with its own attribution, the continuation
of the previous speaker's quote, or the first paragraph of a quote that runs on. The pieces:

- ``attribution.py``: the cue and the speaker phrase around a quotation;
- ``phrases.py``: which words name the speaker;
- ``speakers.py``: who the speaker phrase refers to;
- ``indirect.py``: reported speech in sentences without quotation marks.
"""

import bisect
from dataclasses import dataclass

from claims.extraction import lexicon
from claims.extraction.attribution import Attribution, CueReader
from claims.extraction.entities import Entity, EntityTracker, parse_mention
from claims.extraction.indirect import reported_speech
from claims.extraction.phrases import span_text, subject
from claims.extraction.speakers import SpeakerResolver
from claims.extraction.text import QuoteMark, Span, paragraphs, quotations, sentences, strip_span

PUNCTUATION = ",.;:!?()[]“”\"‘’'—–-…"
RUNS_ON = "\0runs-on"  # marks a quote paragraph left open, waiting for its attribution
SPEECH_WORDS = 4  # an unattributed quotation this long is kept as someone's words


@dataclass
class QuoteSuggestion:
    text: str
    kind: str  # direct, partial, indirect
    cue: str
    speaker: str | None
    speaker_kind: str | None
    speaker_mention: str
    role: str
    start: int
    end: int
    confidence: float
    context: str = ""


def find_quotes(text: str, tracker: EntityTracker | None = None) -> list[QuoteSuggestion]:
    speakers = SpeakerResolver(text, tracker or EntityTracker())
    found: list[QuoteSuggestion] = []
    pending: list[QuoteSuggestion] = []  # paragraphs of a quote that runs on; attributed at its end
    previous: QuoteSuggestion | None = None  # the last attributed quote, or a speaker announced by a colon
    for paragraph in paragraphs(text):
        marks = quotations(text, paragraph)
        first = 0
        reader = None
        for sentence in sentences(text, paragraph, marks):
            last = bisect.bisect_left(marks, sentence.end, lo=first, key=lambda m: m.open)
            inside, first = marks[first:last], last
            reader = SentenceReader(text, sentence, inside, speakers)
            for quote in reader.read(previous, paragraph):
                if quote.speaker_mention == RUNS_ON:
                    pending.append(quote)
                    continue
                if pending and quote.kind == "direct" and quote.cue:
                    found.extend(_attributed_like(p, quote) for p in pending)
                found.append(quote)
                previous, pending = quote, []
        if not marks or marks[-1].close is not None:
            found.extend(_unattributed(p) for p in pending)  # the quote did not run on: nothing names its speaker
            pending = []
        if reader is not None and text[paragraph.end - 1] == ":" and not marks:
            previous = reader.announced_speaker(paragraph) or previous  # "She began by recalling ...:"
    found.sort(key=lambda q: q.start)
    return found


def _unattributed(quote: QuoteSuggestion) -> QuoteSuggestion:
    quote.speaker_mention, quote.confidence = "", 0.3
    return quote


def _attributed_like(quote: QuoteSuggestion, attributed: QuoteSuggestion) -> QuoteSuggestion:
    quote.speaker, quote.speaker_kind, quote.role = attributed.speaker, attributed.speaker_kind, attributed.role
    quote.speaker_mention, quote.cue, quote.confidence = "", "", 0.7
    return quote


class SentenceReader(CueReader):
    """The quotes of one sentence: each quotation in it, or its reported speech when it has none.

    It is the sentence's ``CueReader`` (finding attributions), and classifies what it finds.
    """

    __slots__ = ("marks", "speakers")

    def __init__(self, text: str, sentence: Span, marks: list[QuoteMark], speakers: SpeakerResolver):
        self.text, self.sentence, self.marks, self.speakers = text, sentence, marks, speakers
        speakers.enter(sentence.start, marks)

    def read(self, previous: QuoteSuggestion | None, paragraph: Span) -> list[QuoteSuggestion]:
        reported = self.indirect()
        quoted: list[QuoteSuggestion] = []
        for index, mark in enumerate(self.marks):
            quote = self.quotation(index, mark, quoted[-1] if quoted else previous, paragraph)
            if quote:
                quoted.append(quote)
        self.speakers.observe(self.sentence.end)
        # Reported speech first: the sentence's last quotation is the one a next quote continues.
        return reported + quoted

    def announced_speaker(self, paragraph: Span) -> QuoteSuggestion | None:
        """A paragraph ending in a colon announces the quoted paragraphs that follow it."""
        phrase = subject(self.text, self.sentence)
        mention = parse_mention(span_text(self.text, phrase)) if phrase else None
        entity = self.speakers.tracker.resolve(mention) if mention else None
        if entity is None:
            return None
        return QuoteSuggestion(text="", kind="direct", cue="", speaker=entity.name, speaker_kind=entity.kind,
                               speaker_mention="", role=entity.role, start=paragraph.end, end=paragraph.end,
                               confidence=0.0)  # fmt: skip

    # --- quotations -------------------------------------------------------------------------
    def quotation(self, index, mark: QuoteMark, previous, paragraph) -> QuoteSuggestion | None:
        content = _content(self.text, mark)
        if content is None or self.is_title_or_scare(mark, content):
            return None
        before = Span(self.marks[index - 1].outer_end if index else self.sentence.start, mark.open)
        after_end = self.marks[index + 1].open if index + 1 < len(self.marks) else self.sentence.end
        after = Span(mark.outer_end, after_end)
        attribution = self.attribution_after(after) or self.attribution_before(before)
        kind = self.kind_of(mark, content, before, index)
        if attribution is None:
            quote = self.continuation(content, kind, previous, mark, paragraph)
            if quote is None and mark.close is None and kind == "direct" and mark.open == paragraph.start:
                quote = self.suggestion(content, kind, Attribution("", RUNS_ON, content.start), None, confidence=0.5)
            if quote is None and self.is_speech_length(content):
                # Quoted words nothing here attributes are still someone's words: kept, speaker unknown.
                quote = self.suggestion(content, kind, Attribution("", "", content.start), None, confidence=0.3)
            return quote
        entity = self.resolve(attribution) if attribution.named else None
        return self.suggestion(content, kind, attribution, entity, confidence=0.9 if entity else 0.6)

    def kind_of(self, mark: QuoteMark, content: Span, before: Span, index: int) -> str:
        lead = self.text[before.start : before.end].rstrip()
        first = self.text[content.start]
        if index and self.marks[index - 1].close is not None and lead.endswith(","):
            return "direct"  # “...,” he said, “...” — a quote split by its attribution
        if (first.isupper() or first.isdigit()) and (not lead or lead[-1] in ",:—–"):
            return "direct"
        return "partial"

    def is_title_or_scare(self, mark: QuoteMark, content: Span) -> bool:
        inner = [w.strip(PUNCTUATION) for w in self.text[content.start : min(content.end, content.start + 400)].split()]
        inner = [w for w in inner if w]
        if len(inner) < 2 and not self._called_it(mark):
            return True  # one quoted word is a scare quote or a name
        previous = [
            w.strip(PUNCTUATION) for w in self.text[max(self.sentence.start, mark.open - 40) : mark.open].split()
        ]
        previous = [w for w in previous if w][-2:]
        lowered = [w.lower() for w in previous]
        if lowered and lowered[-1] in lexicon.TITLE_NOUNS - {"called", "said", "says"}:
            return True  # the film “...”, a book titled “...”
        if lowered and lowered[-1] in {"called", "named", "dubbed"}:
            speaker_before = len(lowered) == 2 and (lowered[0] in lexicon.PRONOUNS or previous[0][0].isupper())
            if not speaker_before:
                return True  # a program called “...” (but: Trump called it “...”)
        alphabetic = [w for w in inner if w[0].isalpha()]
        capitalised = [w for w in alphabetic if w.lower() not in lexicon.TITLE_SMALL_WORDS] or alphabetic
        if (
            len(inner) > 8
            or not alphabetic
            or not alphabetic[0][0].isupper()
            or not all(w[0].isupper() for w in capitalised)
        ):
            return False
        body = self.text[content.start : content.end].rstrip(".!?")
        return not any(p in body for p in ".?!,")  # Title Case with no sentence in it: a title or slogan

    def is_speech_length(self, content: Span) -> bool:
        """Long enough to be someone's words rather than a name or a scare quote: four words, or
        two that end a sentence or a clause ("“Not again,” ...")."""
        words = self.text[content.start : min(content.end, content.start + 200)].split()
        return len(words) >= SPEECH_WORDS or (len(words) >= 2 and self.text[content.end - 1] in ".?!,")

    def _called_it(self, mark: QuoteMark) -> bool:
        """'called the opposition “embarrassing”': one word, but someone's word for something."""
        before = self.text[max(self.sentence.start, mark.open - 60) : mark.open].split()[-5:]
        lowered = [w.lower().strip(",") for w in before]
        return any(w in {"called", "calls", "calling"} for w in lowered[:-1]) and "so-called" not in lowered

    def continuation(self, content, kind, previous, mark, paragraph) -> QuoteSuggestion | None:
        """A quote with no cue, right after a quote of a known speaker (same or previous paragraph)."""
        if previous is None or previous.speaker is None:
            return None
        if previous.start >= self.sentence.start and previous.kind != "indirect":
            # "... what he called “...” and to bring “...”": the sentence's speaker again
            attribution = Attribution(cue=previous.cue, mention="", mention_start=content.start)
            quote = self.suggestion(content, kind, attribution, None, confidence=0.7)
            quote.speaker, quote.speaker_kind, quote.role = previous.speaker, previous.speaker_kind, previous.role
            return quote
        if kind != "direct":
            return None
        if previous.end < paragraph.start - 3 and not self.follows_previous_paragraph(previous, paragraph):
            return None
        if mark.open != self.sentence.start:  # sentences are trimmed: a quote opening one starts it
            return None  # the quote does not open its sentence: a partial quote with no speaker
        attribution = Attribution(cue="", mention="", mention_start=content.start)
        quote = self.suggestion(content, kind, attribution, None, confidence=0.7)
        quote.speaker, quote.speaker_kind, quote.role = previous.speaker, previous.speaker_kind, previous.role
        return quote

    def follows_previous_paragraph(self, previous: QuoteSuggestion, paragraph: Span) -> bool:
        if paragraph.start - previous.end > 16:
            return False
        gap = self.text[previous.end : paragraph.start]
        return gap.count("\n") <= 2 and len(gap.strip(' \n”"’.,?!')) == 0

    # --- indirect speech --------------------------------------------------------------------
    def indirect(self) -> list[QuoteSuggestion]:
        found = []
        for content, attribution in reported_speech(self, self.marks):
            entity = self.resolve(attribution) if attribution.named else None
            found.append(self.suggestion(content, "indirect", attribution, entity, confidence=0.6 if entity else 0.4))
        return found

    # --- suggestions ------------------------------------------------------------------------
    def resolve(self, attribution: Attribution) -> Entity | None:
        return self.speakers.resolve(attribution.mention, attribution.mention_start)

    def suggestion(self, content, kind, attribution, entity, *, confidence) -> QuoteSuggestion:
        return QuoteSuggestion(
            text=self.text[content.start : content.end],
            kind=kind,
            cue=attribution.cue,
            speaker=entity.name if entity else None,
            speaker_kind=entity.kind if entity else None,
            speaker_mention=attribution.mention,
            role=entity.role if entity else "",
            start=content.start,
            end=content.end,
            confidence=confidence,
            context=attribution.context,
        )


def _content(text: str, mark: QuoteMark) -> Span | None:
    """The quoted words without their marks, a linking trailing comma or surrounding spaces."""
    return strip_span(text, mark.content, strip=" \u00a0\n,")
