"""Who a speaker mention refers to, and the names a sentence introduces along the way.

One ``SpeakerResolver`` serves a document, wrapping its ``EntityTracker``, and works through each
sentence left to right (``enter`` starts one). Before resolving a mention it notes the people,
organisations and outlets named in the sentence's running text up to it (never inside a quotation),
so that a later "Hurst", "the paper" or "the official" resolves to them: "... confirmed by a
senior immigration official ..." is remembered for "the official said".
"""

import bisect
import re

from claims.extraction import lexicon
from claims.extraction.entities import Entity, EntityTracker, parse_mention
from claims.extraction.phrases import Word, phrase_after, span_text
from claims.extraction.text import QuoteMark, words

CAPITAL_RUN = re.compile(r"[A-Z][\w’'.\-]*(?:[ \u00a0]+[A-Z][\w’'.\-]*)*")  # "President Donald Trump"


class SpeakerResolver:
    """Resolves the speaker mentions of `text`, sentence by sentence, against `tracker`."""

    __slots__ = ("marks", "observed_until", "opens", "text", "tracker")

    def __init__(self, text: str, tracker: EntityTracker):
        self.text, self.tracker = text, tracker
        self.enter(0, [])

    def enter(self, start: int, marks: list[QuoteMark]) -> None:
        """Start on the sentence at `start`, whose quotations are `marks`: nothing in it is observed yet."""
        self.marks, self.observed_until = marks, start
        self.opens = [m.open for m in marks]

    def resolve(self, mention: str, start: int) -> Entity | None:
        """The entity the mention at `start` names, once the names before it are known."""
        self.observe(start)
        parsed = parse_mention(mention)
        return self.tracker.resolve(parsed) if parsed else None

    def observe(self, until: int) -> None:
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
                mention = parse_mention(span_text(self.text, phrase_after(self.text, tokens[i + 1 : i + 10])))
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

    def _in_quote(self, offset: int) -> bool:
        i = bisect.bisect_right(self.opens, offset) - 1
        return i >= 0 and offset < self.marks[i].outer_end
