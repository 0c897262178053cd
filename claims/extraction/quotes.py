"""Direct, partial and indirect quotes with their cues and speakers.

A quotation counts only when something attributes it: a speech cue with a speaker next to it
(“...,” he said / Trump said, “...” / Hurst called the raids “...”), or the same speaker's quote
just before it. Scare quotes, titles of works, names and slogans have no attribution and are
left out.
"""

import bisect
import re
from dataclasses import dataclass

from claims.extraction import lexicon
from claims.extraction.entities import Entity, EntityTracker, parse_mention
from claims.extraction.text import QuoteMark, Span, paragraphs, quotations, sentences, words

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
PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")
CAPITAL_RUN = re.compile(r"[A-Z][\w’'.\-]*(?:[ \u00a0]+[A-Z][\w’'.\-]*)*")  # "President Donald Trump"
LABEL = re.compile(r"^[A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){0,3}:$")  # "Reese:" opening a transcript line
BARE_CLAUSE_CUES = {"said", "says", "say", "suggested", "suggests", "argued", "argues", "insisted", "insists",
                    "claimed", "claims", "predicted", "acknowledged", "conceded", "contended", "added"}  # fmt: skip
CLAUSE_OPENERS = {"he", "she", "they", "it", "we", "i", "the", "his", "her", "their", "there", "this"}
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
    previous: QuoteSuggestion | None = None  # the last attributed quote, or a speaker announced by a colon
    for paragraph in paragraphs(text):
        marks = quotations(text, paragraph)
        first = 0
        reader = None
        for sentence in sentences(text, paragraph, marks):
            last = bisect.bisect_left(marks, sentence.end, lo=first, key=lambda m: m.open)
            inside, first = marks[first:last], last
            reader = SentenceReader(text, sentence, inside, tracker)
            for quote in reader.read(previous, paragraph):
                if quote.speaker_mention == RUNS_ON:
                    pending.append(quote)
                    continue
                if pending and quote.kind == "direct" and quote.cue:
                    found.extend(_attributed_like(p, quote) for p in pending)
                found.append(quote)
                previous, pending = quote, []
        if not marks or marks[-1].close is not None:
            pending = []  # the quote did not run on into the next paragraph
        if reader is not None and text[paragraph.end - 1] == ":" and not marks:
            previous = reader.announced_speaker(paragraph) or previous  # "She began by recalling ...:"
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

    def announced_speaker(self, paragraph: Span) -> QuoteSuggestion | None:
        """A paragraph ending in a colon announces the quoted paragraphs that follow it."""
        phrase = self._subject(self.sentence)
        mention = parse_mention(self._span_text(phrase)) if phrase else None
        entity = self.tracker.resolve(mention) if mention else None
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
        if len(inner) > 8 or not alphabetic or not all(w[0].isupper() for w in alphabetic):
            return False
        body = self.text[content.start : content.end].rstrip(".!?")
        return not any(p in body for p in ".?!,")  # Title Case with no sentence in it: a title or slogan

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

    def attribution_after(self, region: Span) -> Attribution | None:
        """“...,” said Mike Hurst. / “...,” he continued. / “...,” the union's president, Carla Jennings, said."""
        tokens = words(self.text, region.start, region.end, limit=MAX_SPEAKER_WORDS + 6)
        if not tokens or self.text[region.start : tokens[0][1]].strip(" ,—–\u00a0"):
            return None
        for i, (word, start, _end) in enumerate(tokens):
            if _hard_break(self.text[region.start : start]):
                return None
            if i == 0 and word.lower() == "according" and len(tokens) > 2 and tokens[1][0].lower() == "to":
                phrase = self._phrase_after(tokens[2:])
                return Attribution("according to", self._span_text(phrase), phrase[0][1]) if phrase else None
            if not self._is_cue(tokens, i) or word.lower() in PARTICIPLES:
                continue
            if i == 0:
                phrase = self._phrase_after(tokens[1:])
                return Attribution(word, self._span_text(phrase), phrase[0][1]) if phrase else None
            phrase = self._speaker_before(tokens[:i])
            if not phrase:
                return None
            cue, context = self._cue_with_object(word, tokens[i + 1 :], region.end)
            return Attribution(cue, self._span_text(phrase), phrase[0][1], context)
        return None

    def attribution_before(self, region: Span) -> Attribution | None:
        """Trump said, “...” / he told reporters outside the White House, “...” / Hurst called X “...”."""
        tokens = words(self.text, max(region.start, region.end - LOOK_BACK), region.end)
        return self._cue_before(region, tokens) or self._label(region, tokens)

    def _cue_before(self, region: Span, tokens: list[Word]) -> Attribution | None:
        for i in range(len(tokens) - 1, max(-1, len(tokens) - 22), -1):
            word = tokens[i][0].lower()
            if word == "to" and i and tokens[i - 1][0].lower() == "according":
                phrase = self._phrase_after(tokens[i + 1 :])
                if phrase:
                    return Attribution("According to", self._span_text(phrase), phrase[0][1])
            if not self._is_cue(tokens, i):
                continue
            phrase = self._cue_subject(tokens, i)
            if not phrase:
                continue
            cue, context = self._cue_with_object(tokens[i][0], tokens[i + 1 :], region.end)
            return Attribution(cue, self._span_text(phrase), phrase[0][1], context)
        return None

    def _cue_subject(self, tokens: list[Word], i: int) -> list[Word]:
        """Who speaks through the cue at i: the words before it, or the sentence's subject for
        'saying ...' and for a second verb ('called it “...” and said ...')."""
        before = tokens[i - 1][0].lower() if i else ""
        if tokens[i][0].lower() in PARTICIPLES or before in {"and", "but"}:
            return self._subject(Span(self.sentence.start, tokens[i][1]))
        return self._speaker_before(tokens[:i])

    def _label(self, region: Span, tokens: list[Word]) -> Attribution | None:
        """'Reese: “...”' (a transcript) and '... a statement from spokeswoman Kara Fitch: “...”'."""
        lead = self.text[region.start : region.end].rstrip()
        if not lead.endswith(":") or not tokens:
            return None
        if LABEL.match(lead):
            return Attribution("", lead[:-1].strip(), tokens[0][1])
        for phrase in (_name_before_colon(tokens), self._subject(Span(self.sentence.start, region.end))):
            if phrase and _mention_kind(self._span_text(phrase)) in {"person", "organization", "outlet", "pronoun"}:
                return Attribution("", self._span_text(phrase), phrase[0][1])
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
            if not self._is_cue(tokens, i) or lowered in PARTICIPLES:
                continue
            following = [t[0].lower() for t in tokens[i + 1 : i + 7]]
            that = following.index("that") if "that" in following else None
            clause_start = following[0] if following else ""
            says = lowered in {"said", "says", "say"}
            bare = lowered in BARE_CLAUSE_CUES and (says or clause_start in CLAUSE_OPENERS)
            if that is None and not bare:
                continue
            phrase = self._cue_subject(tokens, i)
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
        """Remember the people, organisations and outlets named in running text before `until`."""
        start, self.observed_until = self.observed_until, max(self.observed_until, until)
        if until <= start:
            return
        for match in CAPITAL_RUN.finditer(self.text, start, until):
            if not self._in_quote(match.start()):
                self._observe_run(match.group())
        if "by a" in self.text[start:until]:
            self._observe_anonymous([t for t in words(self.text, start, until) if not self._in_quote(t[1])])

    def _observe_anonymous(self, tokens: list[Word]) -> None:
        """'... was confirmed by a senior immigration official ...': remember the source for 'the official'."""
        for i, token in enumerate(tokens[:-1]):
            if token[0].lower() == "by" and tokens[i + 1][0].lower() in {"a", "an"}:
                mention = parse_mention(self._span_text(self._phrase_after(tokens[i + 1 : i + 10])))
                if mention is not None and mention.kind == "anonymous":
                    self.tracker.resolve(mention)

    def _observe_run(self, run: str) -> None:
        mention = parse_mention(run)
        if mention is None:
            return
        if mention.kind in {"outlet", "organization"}:
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
    def _is_cue(self, tokens: list[Word], i: int) -> bool:
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

    def _speaker_before(self, tokens: list[Word]) -> list[Word]:
        """The speaker words before a cue, past appositives: 'Rep. Dale Huxley, R-Ariz., a member of X, said'."""
        segments = self._segments_before(tokens)
        kinds = [_mention_kind(self._span_text(segment)) for segment in segments]
        named = next((seg for seg, kind in zip(segments, kinds, strict=True) if kind in NAMED_KINDS), None)
        return named or next((seg for seg, kind in zip(segments, kinds, strict=True) if kind), [])

    def _segments_before(self, tokens: list[Word]) -> list[list[Word]]:
        """Comma-separated noun phrases before a cue, nearest first (at most four)."""
        i = len(tokens) - 1
        while i >= 0 and tokens[i][0].lower() in SKIPPED_BEFORE_CUE:
            i -= 1
        i = self._before_relative_clause(tokens, i)
        segments, current = [], []
        while i >= 0 and len(segments) < 4:
            token = tokens[i]
            lowered = token[0].lower()
            if current:
                between = self.text[token[2] : current[0][1]]
                if _hard_break(between):
                    break
                if "," in between:
                    segments.append(current)
                    current = []
                    i = self._before_relative_clause(tokens, i)
                    continue
            if PARTY_TAG.match(token[0]):
                i -= 1
                continue
            if lowered in {"who", "which", "whose"}:
                current = []  # the words after it were a relative clause, not the speaker
                i -= 1
                continue
            if self._ends_phrase(token, current, tokens[i - 1] if i else None):
                if _is_pronoun(current):
                    segments.append(current)
                    break  # "what she called “...”": a pronoun is the whole speaker phrase
                if lowered in lexicon.DETERMINERS:
                    segments.append([token, *current])  # "a senior aide": the phrase starts at its determiner
                elif current and lowered in lexicon.PHRASE_STOPS and lowered not in OBJECT_MARKERS:
                    segments.append(current)  # "shortly after President Donald Trump said"
                    break
                # Otherwise the words were the object of a preposition ("a Democrat from Cleveland")
                # or a participial phrase: not a speaker. Either way, look before the previous comma.
                current = []
                i = self._previous_comma(tokens, i)
                if i < 0:
                    break
                i = self._before_relative_clause(tokens, i)
                continue
            current.insert(0, token)
            if len(current) >= MAX_SPEAKER_WORDS:
                break
            i -= 1
        if current:
            segments.append(current)
        return segments

    def _previous_comma(self, tokens: list[Word], i: int) -> int:
        """The index of the last token before the nearest comma left of token i (-1 when none)."""
        for k in range(i, max(0, i - 14), -1):
            between = self.text[tokens[k - 1][2] : tokens[k][1]]
            if _hard_break(between):
                return -1
            if "," in between:
                return k - 1
        return -1

    def _before_relative_clause(self, tokens: list[Word], i: int) -> int:
        """Skip back over 'who owns a store on Main Street' to the noun phrase it describes."""
        for k in range(i, max(-1, i - 12), -1):
            if tokens[k][0].lower() in {"who", "which", "whose"}:
                return k - 1
            if _hard_break(self.text[tokens[k][2] : tokens[k + 1][1]] if k + 1 < len(tokens) else ""):
                break
        return i

    def _ends_phrase(self, token: Word, current: list[Word], left: Word | None) -> bool:
        lowered = token[0].lower()
        if lowered in lexicon.PHRASE_STOPS:
            return True
        if lowered in lexicon.DETERMINERS:
            return not (left and left[0].lower() in {"of", "for", "at"})  # "the" inside "for the Southern District"
        if lowered == "to" and left and left[0].lower() in lexicon.ANONYMOUS_HEADS:
            return False  # "an adviser to Whitcomb"
        if not current:
            return token[0][0].islower() and lowered not in SPEAKER_HEADS
        if _is_pronoun(current):
            return True
        if token[0][0].isupper() or lowered in {"of", "for", "at"} or lowered in lexicon.PERSON_TITLES:
            return False
        has_name = any(t[0][0].isupper() for t in current)
        if has_name and left and left[0][0].isupper() and lowered not in OBJECT_MARKERS:
            return False  # "White House communications director Ben Harlow": a title between capitals
        return has_name  # lowercase adjectives belong to "a senior immigration official", not to a name

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


def _mention_kind(phrase: str) -> str | None:
    mention = parse_mention(phrase)
    return mention.kind if mention else None


def _is_pronoun(tokens: list[Word]) -> bool:
    return len(tokens) == 1 and tokens[0][0].lower() in lexicon.PRONOUNS


def _hard_break(between: str) -> bool:
    return any(c in between for c in ';:[]“”"—') or ("(" in between and ")" not in between)


def _name_before_colon(tokens: list[Word]) -> list[Word]:
    """'... a statement from spokeswoman Kara Fitch:' -> 'spokeswoman Kara Fitch'."""
    phrase: list[Word] = []
    for token in reversed(tokens[-6:]):
        if not (token[0][0].isupper() or token[0].lower() in lexicon.PERSON_TITLES):
            break
        phrase.insert(0, token)
    return phrase
