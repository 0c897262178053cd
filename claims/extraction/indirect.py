"""Reported speech: what someone said, wrote, showed, believed or wanted, without quotation marks.

Three shapes:

- "according to": According to the report, over 300 were released. / ..., according to ICE.
- a reporting verb with a subject, its content the clause after it (past a "that"): Hurst said that
  the raids ... / Fellow Republicans are urging Trump to ... / The poll shows support falling.
  A sentence can hold several: "Clinton called her vote a mistake, but she noted that Trump ...".
  Any verb counts when a named person, organisation or outlet is its subject: a stance taken or
  a position held is attributed too ("Trump has knocked the rules as undemocratic").
- a trailing attribution: Over 300 were released by Thursday, said a spokesperson for ICE. /
  The plan, the outlet adds, would ...

``reported_speech`` returns each reported content (trimmed, at least three words, not itself a
quotation in marks) with its ``Attribution``; resolving the speaker is left to the caller. Words
inside quotation marks are the quote's own, never a cue here.
"""

from claims.extraction import lexicon
from claims.extraction.attribution import VERB_FORM, Attribution, CueReader
from claims.extraction.phrases import (
    Word,
    bare_subject,
    mention_kind,
    phrase_after,
    span_text,
    speaker_before,
    subject,
)
from claims.extraction.text import QuoteMark, Span, strip_span, words

# Between a subject and its verb: "has repeatedly said", "is now urging", "would not rule out".
AUXILIARIES = {"is", "was", "are", "were", "be", "been", "being", "am", "has", "have", "had", "having", "will",
               "would", "could", "can", "may", "might", "should", "must", "shall", "do", "does", "did", "not",
               "never", "also", "still", "even", "already", "again", "then", "now", "just", "only", "once",
               "further", "later", "long", "first", "ever", "often", "always", "previously", "recently",
               "repeatedly", "publicly", "privately", "reportedly", "allegedly", "apparently", "explicitly",
               "initially", "quickly", "flatly", "openly", "frequently", "consistently", "simply",
               "n't", "’t"}  # fmt: skip
BE = {"is", "was", "are", "were", "be", "been", "being", "am"}
# Words before a verb form that make it a noun or an infinitive of purpose, not a cue: "the plans", "to show".
NOT_A_SUBJECT = lexicon.DETERMINERS | {"to", "of", "for", "with", "by", "from", "about", "in", "on", "at", "no",
                                       "any", "each", "every", "whose", "your", "my", "such", "more", "most", "them",
                                       "him", "me", "us"}  # fmt: skip
# Words between a verb and its "that": "said Tuesday that", "told reporters on Monday that".
BEFORE_THAT = {"on", "in", "at", "last", "this", "week", "month", "year", "night", "morning", "him", "her", "them",
               "me", "us", "reporters", "a", "an", "the", "statement", "letter", "interview", "earlier", "later",
               "again", "also", "repeatedly", "privately", "publicly"}  # fmt: skip
QUOTE_MARKS = '"“”'
ACTORS = {"person", "organization", "outlet", "pronoun"}  # who may be the subject of any verb of stance

# Words that open a phrase describing a speaker or a time, not a clause of content: "..., he said, after ...".
TRAILING_PHRASES = {"who", "which", "whose", "according", "in", "at", "on", "after", "before", "during", "as",
                    "when", "while", "because", "though", "although", "than", "with", "without", "by", "from",
                    "for"}  # fmt: skip
MAX_ATTRIBUTION_WORDS = 14  # words from a comma to the cue of the attribution opening there

Reported = tuple[Span, Attribution]


def reported_speech(cues: CueReader, marks: list[QuoteMark] = ()) -> list[Reported]:
    """The reported contents of `cues`' sentence with their attributions, in text order."""
    sentence = cues.sentence
    tokens = words(cues.text, sentence.start, sentence.end)
    if marks:
        tokens = _outside_marks(tokens, marks, sentence.end)
    if len(tokens) < 4:
        return []
    trailing, after = _trailing_attribution(cues, tokens, marks)
    clauses = [r for r in _verb_clauses(cues, tokens, marks) if r and r[0].start < after]
    found = [r for r in (_according_to(cues, tokens), *trailing, *clauses) if r]
    kept = [r for r in found if not _in_marks(cues.text, r[0])]
    return sorted(kept, key=lambda r: r[0].start)


def _outside_marks(tokens: list[Word], marks: list[QuoteMark], end: int) -> list[Word]:
    """The words not inside a quotation (both are in text order)."""
    kept, spans, m = [], [(q.open, q.close if q.close is not None else end) for q in marks], 0
    for token in tokens:
        while m < len(spans) and spans[m][1] < token[2]:
            m += 1
        if m == len(spans) or not (spans[m][0] < token[1]):
            kept.append(token)
    return kept


def _in_marks(text: str, content: Span) -> bool:
    """A content that is one quotation in marks is a direct quote, found as one."""
    inner = text[content.start : content.end].rstrip(".,")
    return inner[:1] in QUOTE_MARKS and inner[-1:] in QUOTE_MARKS and not any(c in inner[1:-1] for c in QUOTE_MARKS)


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


def _verb_clauses(cues: CueReader, tokens: list[Word], marks) -> list[Reported]:
    """Each reporting verb with a subject, and the words it governs up to the next such verb's clause."""
    clauses = []  # (cue index, subject phrase, whether the subject names a speaker)
    verbs = lexicon.REPORTING_VERBS
    for i in range(1, len(tokens) - 1):
        word = tokens[i][0]
        if word in verbs:
            phrase, named = _cue_and_subject(cues, tokens, i)
        elif word[-1] not in "sdg":
            continue  # no verb form ends otherwise: -s, -ed, -ing
        elif VERB_FORM.match(word) or (word.endswith("ing") and tokens[i - 1][0].lower() in AUXILIARIES):
            phrase, named = _actor(cues, tokens, i)
        else:
            continue
        if phrase:
            clauses.append((i, phrase, named))
    found = []
    for n, (i, phrase, named) in enumerate(clauses):
        start = _content_start(cues, tokens, i)
        if start is None:
            continue
        content = Span(tokens[start][1], cues.sentence.end)
        if n + 1 < len(clauses):  # "... a mistake, but she noted that ..." / "... the raids, saying ..."
            next_cue, next_subject = tokens[clauses[n + 1][0]][1], clauses[n + 1][1][0][1]
            content = Span(
                content.start, _clause_end(cues.text, content, min(next_cue, max(next_subject, content.start)))
            )
        content = _before_introduced_quote(cues.text, content, marks)
        if content is None:
            continue
        attribution = Attribution(tokens[i][0], span_text(cues.text, phrase), phrase[0][1], named=named)
        found.append(_reported(cues.text, content, attribution))
    return found


def _clause_end(text: str, content: Span, limit: int) -> int:
    """Where the content ends before the next reporting clause at `limit`: at the last comma, semicolon
    or dash before it, or at the sentence end when none separates them ("said Trump wants to ...")."""
    cut = max(text.rfind(c, content.start, limit) for c in (",", ";", "—", " but ", " and "))
    return cut if cut > content.start else content.end


def _before_introduced_quote(text: str, content: Span, marks) -> Span | None:
    """The content up to a quotation it introduces with a comma or colon ('told reporters, “...”'); None
    when what comes before that quotation is only the cue's object, the quotation being its content."""
    for mark in marks:
        if content.start < mark.open < content.end and text[content.start : mark.open].rstrip()[-1:] in ",:":
            if len(words(text, content.start, mark.open, limit=7)) < 7:
                return None
            return Span(content.start, mark.open)
    return content


def _cue_and_subject(cues: CueReader, tokens: list[Word], i: int) -> tuple[list[Word], bool]:
    """The subject of the reporting verb at i ('Trump has repeatedly said'), or [] when i is no such verb,
    and whether it names a speaker (False for a bare noun phrase: 'a review of records indicates')."""
    word = tokens[i][0]
    if word not in lexicon.REPORTING_VERBS:
        return [], False
    particle = lexicon.PARTICLE_CUES.get(word)
    if particle and tokens[i + 1][0].lower() != particle:
        return [], False
    following = tokens[i + 1][0].lower()
    if following == "by":
        return [], False  # "the conversation confirmed by a senior official": a passive
    k, passive = i - 1, False
    while k > 0 and (tokens[k][0].lower() in AUXILIARIES or tokens[k][0].endswith("ly")):
        passive = passive or tokens[k][0].lower() in BE
        k -= 1
    previous = tokens[k][0].lower()
    if previous in NOT_A_SUBJECT or previous.endswith(("’s", "'s")) or previous in lexicon.REPORTING_VERBS:
        return [], False
    if word.endswith("ing") and k == i - 1:
        return subject(cues.text, Span(cues.sentence.start, tokens[i][1])), True  # "..., saying the plan"
    if previous in {"and", "but", "or"}:
        return subject(cues.text, Span(cues.sentence.start, tokens[i][1])), True  # "called it X and said"
    named = speaker_before(cues.text, tokens[: k + 1])
    if named and not (passive and not word.endswith(("ing", "s"))):
        return named, True
    inverted = following in lexicon.DETERMINERS or tokens[i + 1][0][0].isupper()
    if "," in cues.text[tokens[i - 1][2] : tokens[i][1]] and inverted and word in lexicon.SPEECH_VERBS:
        return [], False  # "..., said a spokesperson for ICE": an attribution after its content
    # A passive ("was asked if ...") or a subject no speaker rule names: reported, but nobody named.
    return named or bare_subject(cues.text, tokens, k), False


def _actor(cues: CueReader, tokens: list[Word], i: int) -> tuple[list[Word], bool]:
    """A named person, organisation or outlet right before any verb: 'Trump has knocked the rules as ...'."""
    k = i - 1
    while k > 0 and (tokens[k][0].lower() in AUXILIARIES or tokens[k][0].endswith("ly")):
        if tokens[k][0].lower() in BE and not tokens[i][0].endswith("ing"):
            return [], False  # a passive: "was elected"
        k -= 1
    if not (tokens[k][0][0].isupper() or tokens[k][0].lower() in lexicon.PRONOUNS):
        return [], False  # a name ends on a capital; otherwise only a pronoun is an actor
    if tokens[i + 1][0].lower() in {"by", "to", "of", "in", "on", "at", "for", "with", "from"} and k == i - 1:
        return [], False
    phrase = speaker_before(cues.text, tokens[: k + 1])
    if not phrase or phrase[-1] != tokens[k] or mention_kind(span_text(cues.text, phrase)) not in ACTORS:
        return [], False
    return phrase, True


def _content_start(cues: CueReader, tokens: list[Word], i: int) -> int | None:
    """The index of the content's first word: past a particle ('pointed out') and a leading 'that'."""
    start = i + 1
    if tokens[i][0] in lexicon.PARTICLE_CUES:
        start += 1
    for k in range(start, min(start + 5, len(tokens) - 1)):
        if tokens[k][0].lower() == "that":
            start = k + 1
            break
        if tokens[k][0].lower() not in BEFORE_THAT and not tokens[k][0][0].isupper():
            break
    if start >= len(tokens) or cues.text.find(".", tokens[i][2], tokens[start][1]) != -1:
        return None
    return start


def _trailing_attribution(cues: CueReader, tokens: list[Word], marks) -> tuple[list[Reported], int]:
    """Over 300 ... were released by Thursday, said a spokesperson for ICE. / Acts of protest, Mr. Obama
    said, are acts of patriotism. The contents and where their attribution starts (else the sentence end)."""
    text, sentence = cues.text, cues.sentence
    for n in range(len(tokens) - 1):
        comma = text.find(",", tokens[n][2], tokens[n + 1][1])
        if comma == -1 or any(m.open < comma and (m.close is None or comma <= m.close + 1) for m in marks):
            continue  # no comma here, or the comma of a quotation: its attribution is the quotation's
        end = _attribution_end(text, tokens, n + 1, sentence.end)
        if end is None:
            continue  # no cue, or "Richard Revesz, director of ..., said the states ...": its content after it
        attribution = cues.attribution_after(Span(comma + 1, sentence.end))
        if not attribution or tokens[n + 1][1] not in (attribution.mention_start, _cue_start(tokens, n + 1)):
            continue  # the attribution must open the words after the comma: "..., she said"
        lead = words(text, sentence.start, comma, limit=5)
        opens_quote = end < sentence.end and text[end + 1 : end + 3].strip()[:1] in set(QUOTE_MARKS)
        if opens_quote or (len(lead) < 5 and lead[0][0].lower() in TRAILING_PHRASES):
            continue  # "On Tuesday, she told reporters, “...”": an introduction, not reported content
        before = _reported(text, Span(sentence.start, comma), attribution)
        rest = words(text, end, sentence.end, limit=4)
        if len(rest) < 4 or rest[0][0].lower().endswith(("ing", "ed")) or rest[0][0].lower() in TRAILING_PHRASES:
            return [before], comma  # "..., McConnell said in June 2012, citing ..."
        return [before, _reported(text, Span(end, sentence.end), attribution)], comma  # an interposed attribution
    return [], sentence.end


def _attribution_end(text: str, tokens: list[Word], n: int, end: int) -> int | None:
    """Where the attribution opening at token n ends: the next comma or the sentence end, when that comes
    within a few words of its cue ('she said.', 'said a spokesperson for ICE, ...', 'said in a statement.')."""
    cue = next(
        (
            k
            for k in range(n, min(n + MAX_ATTRIBUTION_WORDS, len(tokens)))
            if tokens[k][0].lower() in lexicon.SPEECH_VERBS
        ),
        None,
    )
    if cue is None:
        return None
    comma = text.find(",", tokens[cue][2], end)
    stop = comma if comma != -1 else end
    if len(words(text, tokens[cue][2], stop, limit=7)) > 6:
        return None
    return stop


def _cue_start(tokens: list[Word], n: int) -> int:
    return tokens[n][1] if tokens[n][0].lower() in lexicon.SPEECH_VERBS else -1


def _reported(text: str, content: Span, attribution: Attribution) -> Reported | None:
    """The content without its edge punctuation and final period, if two words or more remain."""
    content = strip_span(text, content, drop_period=True)
    if content is None or len(words(text, content.start, content.end, limit=3)) < 3:
        return None
    return content, attribution
