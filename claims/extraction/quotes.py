"""Direct, partial and indirect quotes with their cues and speakers.

A quotation counts only when something attributes it: a speech cue with a speaker next to it
(“...,” he said / Trump said, “...” / Hurst called the raids “...”), or the same speaker's quote
just before it. Scare quotes, titles of works, names and slogans have no attribution and are
left out.
"""

import bisect
from dataclasses import dataclass

from claims.extraction import lexicon
from claims.extraction.entities import Entity, EntityTracker, parse_mention
from claims.extraction.text import QuoteMark, Span, paragraphs, quotations, sentences, words

MAX_SPEAKER_WORDS = 12
LOOK_BACK = 300  # characters before a quote searched for its cue
PUNCTUATION = ",.;:!?()[]“”\"‘’'—–-…"
RUNS_ON = "\0runs-on"  # marks a quote paragraph left open, waiting for its attribution
PARTICIPLES = {form for form in lexicon.SPEECH_VERBS if form.endswith("ing")}


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


@dataclass
class Attribution:
    cue: str
    mention: str
    mention_start: int
    context: str = ""


Word = tuple[str, int, int]


def find_quotes(text: str, tracker: EntityTracker | None = None) -> list[QuoteSuggestion]:
    tracker = tracker or EntityTracker()
    found: list[QuoteSuggestion] = []
    pending: list[QuoteSuggestion] = []  # paragraphs of a quote that runs on; attributed at its end
    for paragraph in paragraphs(text):
        marks = quotations(text, paragraph)
        first = 0
        for sentence in sentences(text, paragraph, marks):
            last = bisect.bisect_left(marks, sentence.end, lo=first, key=lambda m: m.open)
            inside, first = marks[first:last], last
            reader = SentenceReader(text, sentence, inside, tracker)
            for quote in reader.read(found[-1] if found else None, paragraph):
                if quote.speaker_mention == RUNS_ON:
                    pending.append(quote)
                    continue
                if pending and quote.kind == "direct" and quote.cue:
                    found.extend(_attributed_like(p, quote) for p in pending)
                found.append(quote)
                pending = []
        if not marks or marks[-1].close is not None:
            pending = []  # the quote did not run on into the next paragraph
    found.sort(key=lambda q: q.start)
    return found


def _attributed_like(quote: QuoteSuggestion, attributed: QuoteSuggestion) -> QuoteSuggestion:
    quote.speaker, quote.speaker_kind, quote.role = attributed.speaker, attributed.speaker_kind, attributed.role
    quote.speaker_mention, quote.cue, quote.confidence = "", "", 0.7
    return quote


class SentenceReader:
    def __init__(self, text: str, sentence: Span, marks: list[QuoteMark], tracker: EntityTracker):
        self.text, self.sentence, self.marks, self.tracker = text, sentence, marks, tracker
        self.observed_until = sentence.start
        self.opens = [m.open for m in marks]

    def read(self, previous: QuoteSuggestion | None, paragraph: Span) -> list[QuoteSuggestion]:
        results = []
        if not self.marks:
            indirect = self.indirect()
            if indirect:
                results.append(indirect)
        for index, mark in enumerate(self.marks):
            quote = self.quotation(index, mark, results[-1] if results else previous, paragraph)
            if quote:
                results.append(quote)
        self.observe_names(self.sentence.end)
        return results

    # --- quotations -------------------------------------------------------------------------
    def quotation(self, index, mark: QuoteMark, previous, paragraph) -> QuoteSuggestion | None:
        content = _content(self.text, mark)
        if content is None or self.is_title_or_scare(mark, content):
            return None
        before = Span(self.marks[index - 1].outer_end if index else self.sentence.start, mark.open)
        after_end = self.marks[index + 1].open if index + 1 < len(self.marks) else self.sentence.end
        attribution = self.attribution_after(Span(mark.outer_end, after_end)) or self.attribution_before(before)
        kind = self.kind_of(mark, content, before, index)
        if attribution is None:
            quote = self.continuation(content, kind, previous, mark, paragraph)
            if quote is None and mark.close is None and kind == "direct" and mark.open == paragraph.start:
                quote = self.suggestion(content, kind, Attribution("", RUNS_ON, content.start), None, confidence=0.5)
            return quote
        entity = self.resolve(attribution)
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
        if len(inner) < 2:
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
        if len(inner) > 8 or not all(w[0].isupper() for w in inner):
            return False
        return not any(p in self.text[content.start : content.end] for p in ".?!,")  # Title Case: a title or slogan

    def continuation(self, content, kind, previous, mark, paragraph) -> QuoteSuggestion | None:
        """A quote with no cue, right after a quote of a known speaker (same or previous paragraph)."""
        if previous is None or previous.speaker is None or kind != "direct":
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

    def attribution_after(self, region: Span) -> Attribution | None:
        """“...,” said Mike Hurst. / “...,” he continued. / “...,” the official told reporters."""
        tokens = words(self.text, region.start, region.end, limit=MAX_SPEAKER_WORDS)
        if not tokens or not self.text[region.start : tokens[0][1]].strip(" ,—–\u00a0") == "":
            return None
        for i, (word, start, _end) in enumerate(tokens):
            if self._clause_break(region.start, start):
                return None
            after_determiner = i > 0 and tokens[i - 1][0].lower() in lexicon.DETERMINERS
            if word.lower() in lexicon.SPEECH_VERBS and word.lower() not in PARTICIPLES and not after_determiner:
                if i == 0:
                    phrase = self._phrase_after(tokens[1:])
                    if not phrase:
                        return None
                    return Attribution(word, self._span_text(phrase), phrase[0][1])
                phrase = tokens[:i]
                cue, context = self._cue_with_object(word, tokens[i + 1 :], region.end)
                return Attribution(cue, self._span_text(phrase), phrase[0][1], context)
            if i == 0 and word.lower() == "according" and len(tokens) > 2 and tokens[1][0].lower() == "to":
                phrase = self._phrase_after(tokens[2:])
                return Attribution("according to", self._span_text(phrase), phrase[0][1]) if phrase else None
        return None

    def attribution_before(self, region: Span) -> Attribution | None:
        """Trump said, “...” / he told reporters outside the White House, “...” / Hurst called X “...”."""
        tokens = words(self.text, max(region.start, region.end - LOOK_BACK), region.end)
        for i in range(len(tokens) - 1, max(-1, len(tokens) - 22), -1):
            word = tokens[i][0].lower()
            if word == "to" and i and tokens[i - 1][0].lower() == "according":
                phrase = self._phrase_after(tokens[i + 1 :])
                if phrase:
                    return Attribution("According to", self._span_text(phrase), phrase[0][1])
            if word not in lexicon.SPEECH_VERBS:
                continue
            if word in PARTICIPLES:
                phrase = self._subject(Span(self.sentence.start, tokens[i][1]))
            else:
                phrase = self._phrase_before(tokens[:i])
            if not phrase:
                continue
            cue, context = self._cue_with_object(tokens[i][0], tokens[i + 1 :], region.end)
            return Attribution(cue, self._span_text(phrase), phrase[0][1], context)
        return None

    # --- indirect speech --------------------------------------------------------------------
    def indirect(self) -> QuoteSuggestion | None:
        tokens = words(self.text, self.sentence.start, self.sentence.end)
        if len(tokens) < 5:
            return None
        return self._according_to(tokens) or self._that_clause(tokens) or self._trailing_attribution(tokens)

    def _according_to(self, tokens: list[Word]) -> QuoteSuggestion | None:
        for i in range(len(tokens) - 2):
            if tokens[i][0].lower() == "according" and tokens[i + 1][0].lower() == "to":
                phrase = self._phrase_after(tokens[i + 2 :])
                if not phrase:
                    return None
                comma = self.text.find(",", phrase[-1][2], self.sentence.end)
                if i == 0 and comma != -1:
                    content = Span(comma + 1, self.sentence.end)
                else:
                    cut = self.text.rfind(",", self.sentence.start, tokens[i][1])
                    content = Span(self.sentence.start, cut if cut != -1 else tokens[i][1])
                return self._indirect(content, Attribution("According to", self._span_text(phrase), phrase[0][1]))
        return None

    def _that_clause(self, tokens: list[Word]) -> QuoteSuggestion | None:
        for i, (word, _start, _end) in enumerate(tokens[:-2]):
            lowered = word.lower()
            if lowered not in lexicon.SPEECH_VERBS or lowered in PARTICIPLES:
                continue
            following = [t[0].lower() for t in tokens[i + 1 : i + 4]]
            that = following.index("that") if "that" in following else None
            if that is None and (lowered in lexicon.THAT_ONLY_CUES or lowered not in {"said", "says", "say"}):
                continue
            phrase = self._phrase_before(tokens[:i])
            if not phrase:
                continue
            content_start = tokens[i + 2 + that][1] if that is not None else tokens[i + 1][1]
            attribution = Attribution(word, self._span_text(phrase), phrase[0][1])
            return self._indirect(Span(content_start, self.sentence.end), attribution)
        return None

    def _trailing_attribution(self, tokens: list[Word]) -> QuoteSuggestion | None:
        """Over 300 ... were released by Thursday, said a spokesperson for ICE. / ..., the outlet adds, ..."""
        comma = self.text.find(",", self.sentence.start, self.sentence.end)
        while comma != -1:
            attribution = self.attribution_after(Span(comma + 1, self.sentence.end))
            if attribution:
                tail_comma = self.text.find(",", attribution.mention_start, self.sentence.end)
                rest = Span(tail_comma + 1, self.sentence.end) if tail_comma != -1 else None
                if rest and len(words(self.text, rest.start, rest.end)) >= 4:
                    return self._indirect(rest, attribution)
                return self._indirect(Span(self.sentence.start, comma), attribution)
            comma = self.text.find(",", comma + 1, self.sentence.end)
        return None

    def _indirect(self, content: Span, attribution: Attribution) -> QuoteSuggestion | None:
        content = _trim(self.text, content, drop_period=True)
        if content is None or len(words(self.text, content.start, content.end)) < 3:
            return None
        entity = self.resolve(attribution)
        return self.suggestion(content, "indirect", attribution, entity, confidence=0.6 if entity else 0.4)

    # --- speakers ---------------------------------------------------------------------------
    def resolve(self, attribution: Attribution) -> Entity | None:
        self.observe_names(attribution.mention_start)
        mention = parse_mention(attribution.mention)
        return self.tracker.resolve(mention) if mention else None

    def observe_names(self, until: int) -> None:
        """Remember the people named in running text before `until` (for later pronouns)."""
        tokens = [t for t in words(self.text, self.observed_until, until) if not self._in_quote(t[1])]
        self.observed_until = max(self.observed_until, until)
        self._observe_anonymous(tokens)
        run: list[Word] = []
        for token in [*tokens, ("", until, until)]:
            if token[0][:1].isupper() and (not run or self.text[run[-1][2] : token[1]].strip() == ""):
                run.append(token)
                continue
            self._observe_run(run)
            run = [token] if token[0][:1].isupper() else []

    def _observe_anonymous(self, tokens: list[Word]) -> None:
        """'... was confirmed by a senior immigration official ...': remember the source for 'the official'."""
        for i, token in enumerate(tokens[:-1]):
            if token[0].lower() == "by" and tokens[i + 1][0].lower() in {"a", "an"}:
                mention = parse_mention(self._span_text(self._phrase_after(tokens[i + 1 : i + 10])))
                if mention is not None and mention.kind == "anonymous":
                    self.tracker.resolve(mention)

    def _observe_run(self, run: list[Word]) -> None:
        if not run:
            return
        mention = parse_mention(self._span_text(run))
        if mention is None:
            return
        if mention.kind == "outlet":
            self.tracker.resolve(mention)
        elif mention.kind == "person":
            first = mention.name.split()[0].lower()
            if first in lexicon.GIVEN_NAMES or mention.role or self.tracker.knows_surname(mention.name.split()[-1]):
                self.tracker.observe_person(mention.name, mention.role)

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

    # --- phrase helpers ---------------------------------------------------------------------
    def _phrase_before(self, tokens: list[Word]) -> list[Word]:
        """The speaker words right before a cue: 'President Donald Trump', 'he', 'The official'."""
        phrase: list[Word] = []
        for token in reversed(tokens):
            if phrase and self._clause_break(token[2], phrase[0][1]):
                break
            if token[0].lower() in lexicon.PHRASE_STOPS or len(phrase) >= MAX_SPEAKER_WORDS:
                break
            if not phrase and token[0][0].islower() and token[0].lower() not in lexicon.PRONOUNS:
                if token[0].lower() not in lexicon.ANONYMOUS_HEADS | lexicon.OUTLET_NOUNS:
                    break
            phrase.insert(0, token)
        return _drop_leading_lowercase_verbs(phrase)

    def _phrase_after(self, tokens: list[Word]) -> list[Word]:
        """The speaker words right after a cue: 'said Mike Hurst, ...', 'said a spokesperson for ICE.'"""
        phrase: list[Word] = []
        for token in tokens:
            if phrase and self._clause_break(phrase[-1][2], token[1]):
                break
            if token[0].lower() in lexicon.PHRASE_STOPS and token[0].lower() not in {"the", "this"}:
                break
            phrase.append(token)
            if len(phrase) >= MAX_SPEAKER_WORDS:
                break
        return phrase

    def _subject(self, clause: Span) -> list[Word]:
        """The subject that opens a clause, for participle cues: 'President Trump announced ..., saying'."""
        tokens = words(self.text, clause.start, clause.end, limit=40)
        intro = tokens and tokens[0][0].lower() in {"on", "in", "at", "after", "before", "during", "despite", "when"}
        if intro:
            comma = self.text.find(",", clause.start, clause.end)
            tokens = [t for t in tokens if t[1] > comma] if comma != -1 else tokens
        phrase: list[Word] = []
        for token in tokens:
            lowered = token[0].lower()
            if phrase and (
                lowered in lexicon.SPEECH_VERBS or lowered in lexicon.PHRASE_STOPS or lowered.endswith("ed")
            ):
                break
            if phrase and token[0][0].islower() and not phrase[-1][0][0].islower() and lowered not in {"of", "for"}:
                break
            phrase.append(token)
            if len(phrase) >= 6:
                break
        return phrase

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
        return f"{cue} {self._span_text(head)}", context

    def _clause_break(self, start: int, end: int) -> bool:
        between = self.text[start:end]
        return any(c in between for c in ';:()[]“”"') or ", " in between or "—" in between

    def _span_text(self, tokens: list[Word]) -> str:
        return self.text[tokens[0][1] : tokens[-1][2]] if tokens else ""

    def _in_quote(self, offset: int) -> bool:
        i = bisect.bisect_right(self.opens, offset) - 1
        return i >= 0 and offset < self.marks[i].outer_end


def _drop_leading_lowercase_verbs(phrase: list[Word]) -> list[Word]:
    while phrase and phrase[0][0].lower() in lexicon.SPEECH_VERBS:
        phrase = phrase[1:]
    return phrase


def _content(text: str, mark: QuoteMark) -> Span | None:
    """The quoted words without their marks, a linking trailing comma or surrounding spaces."""
    return _trim(text, mark.content, strip=" \u00a0\n,")


def _trim(text: str, span: Span, strip: str = " \u00a0\n,;:—–", drop_period: bool = False) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start] in strip:
        start += 1
    while end > start and (text[end - 1] in strip or (drop_period and text[end - 1] in ".?!")):
        end -= 1
    return Span(start, end) if end > start else None
