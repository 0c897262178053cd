"""What storing the extractor's suggestions takes: quotes checked as full_clean checks them, draft
claims for their numbers, and the speakers their mentions name, found or made a document at a time.

`claims.services.source_extract_suggestions` is the one entry point; this module is its mechanics."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Value
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from claims.extraction import EXTRACTOR, Extraction
from claims.extraction.quantities import QuantitySuggestion
from claims.extraction.quotes import QuoteSuggestion
from claims.models import Appearance, Claim, Quantity, Quote, Source, Speaker
from claims.privacy import is_private_name, private_names

SPEAKER_KINDS = {"person": Speaker.Kind.PERSON, "organization": Speaker.Kind.ORGANIZATION,
                 "outlet": Speaker.Kind.OUTLET, "anonymous": Speaker.Kind.ANONYMOUS}  # fmt: skip


@dataclass
class SuggestionReport:
    created: int = 0
    updated: int = 0
    kept: int = 0  # spans an editor already annotated: never touched
    claims: int = 0
    quotes: list[Quote] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.created} quote suggestion(s) created, {self.updated} updated, {self.kept} left to the "
                f"editors' annotation; {self.claims} draft claim(s) with quantities.")  # fmt: skip


def _is_rule_suggestion(quote: Quote) -> bool:
    return quote.review_status == Quote.ReviewStatus.SUGGESTED and quote.extracted_by.startswith("rule:")


def _suggested_quote(suggestion: QuoteSuggestion, quote: Quote, speakers: dict) -> Quote:
    """The quote with the suggestion's values, checked as full_clean checks it; not saved."""
    quote.speaker = speakers[suggestion.speaker, suggestion.speaker_kind]
    quote.text, quote.kind, quote.cue = suggestion.text, suggestion.kind, suggestion.cue
    quote.speaker_mention, quote.role, quote.context = suggestion.speaker_mention, suggestion.role, suggestion.context
    quote.start, quote.end = suggestion.start, suggestion.end
    quote.extracted_by, quote.confidence = EXTRACTOR, suggestion.confidence
    quote.review_status = Quote.ReviewStatus.SUGGESTED
    quote._change_reason = f"suggested by {EXTRACTOR}"  # read by django-simple-history
    # Its source and speaker are records just read or written, and its uid is new or its own:
    # looking each up again (full_clean's relation and uniqueness checks) cost most of the queries.
    quote.full_clean(exclude=["source", "speaker"], validate_unique=False, validate_constraints=False)
    return quote


def draft_claims(quotes: list[tuple[Quote, list[QuantitySuggestion]]]) -> list[Claim]:
    """A draft claim for each quote, in its words, its speaker as claimant, appearing in it, with the
    quote's numbers as its quantities (qualifier and bounds, so their intervals follow)."""
    if not quotes:
        return []
    claims = [Claim(text=quote.text if len(quote.text) <= 500 else quote.text[:497] + "...",
                    claimant=quote.speaker, stated_on=quote.stated_on, status=Claim.Status.DRAFT)
              for quote, _ in quotes]  # fmt: skip
    bulk_create_with_history(claims, Claim)
    pairs = list(zip(claims, quotes, strict=True))
    Appearance.objects.bulk_create([Appearance(claim=claim, quote=quote) for claim, (quote, _) in pairs])
    bulk_create_with_history([
        Quantity(claim=claim, surface=number.surface, qualifier=number.qualifier, value=number.value,
                 value_to=number.value_to, unit=number.unit, measured=number.measured)
        for claim, (_, numbers) in pairs for number in numbers
    ], Quantity)  # fmt: skip
    return claims


def speakers_for_mentions(mentions, *, source: Source) -> dict[tuple, Speaker | None]:
    """The speakers resolved mentions name, by (name, kind): existing ones by name or alias, else new ones.

    `mentions` are (name, kind, role) in document order. A named mention takes the first known
    speaker, by name, with that name (in any letter case), that alias or that slug; else the
    speaker made for an earlier mention with that name or slug; else a new speaker, described by
    its role. Anonymous sources are specific to their document ("a senior immigration official"
    in one article is not the one in another) and are never merged with a named speaker. A few
    statements for a whole document, however many mentions.
    """
    found: dict[tuple, Speaker | None] = {}
    anonymous: dict[tuple, str] = {}  # (name, kind) -> slug
    named: dict[tuple, tuple[str, str]] = {}  # (name, kind) -> (speaker kind, role)
    for name, kind, role in mentions:
        key = (name, kind)
        if key in found or key in anonymous or key in named:
            continue
        speaker_kind = SPEAKER_KINDS.get(kind or "", Speaker.Kind.PERSON)
        if not name:
            found[key] = None
        elif speaker_kind == Speaker.Kind.ANONYMOUS:
            anonymous[key] = slugify(f"{source.slug} {name}")[:120]
        else:
            named[key] = (speaker_kind, role)
    new: list[Speaker] = []
    by_slug = Speaker.objects.in_bulk(set(anonymous.values()), field_name="slug") if anonymous else {}
    for (name, kind), slug in anonymous.items():
        if slug not in by_slug:
            by_slug[slug] = Speaker(slug=slug, name=name[0].upper() + name[1:], kind=Speaker.Kind.ANONYMOUS,
                                    description=f"Unnamed source in “{source}”.")  # fmt: skip
            new.append(by_slug[slug])
        found[name, kind] = by_slug[slug]
    if named:
        named_found, made = _named_speakers(named, reserved={speaker.slug for speaker in new})
        found |= named_found
        new += made
    if new:
        bulk_create_with_history(new, Speaker)
    return found


def _named_speakers(named: dict[tuple, tuple[str, str]], *, reserved: set[str]) -> tuple[dict, list[Speaker]]:
    """Named mentions' speakers, and those of them still to create (their slugs avoid `reserved`)."""
    known = Speaker.objects.exclude(kind=Speaker.Kind.ANONYMOUS).order_by("name")
    firsts = [  # one query: for each name, the first match by name
        known.filter(_named_as(name)).annotate(mention=Value(n))[:1]
        for n, (name, _) in enumerate(named)
    ]  # fmt: skip
    matches = {speaker.mention: speaker for speaker in firsts[0].union(*firsts[1:], all=True)}
    found = {key: matches[n] for n, key in enumerate(named) if n in matches}
    unmatched = [(key, kinds) for n, (key, kinds) in enumerate(named.items()) if n not in matches]
    names = [name for (name, _), _ in unmatched]
    # New names are compared with each other as name__iexact compares; a single one needs no query.
    upper = dict(zip(names, _upper(names), strict=True)) if len(names) > 1 else {}
    bases = {name: slugify(name)[:110] or "speaker" for name in names}
    taken = _slugs_taken(set(bases.values())) | reserved
    private = private_names() if names else ()
    made: list[Speaker] = []
    for (name, kind), (speaker_kind, role) in unmatched:
        earlier = next((s for s in made if upper[s.name] == upper[name] or s.slug == slugify(name)), None)
        if earlier is None:
            base, n = bases[name], 1
            while (slug := base if n == 1 else f"{base}-{n}") in taken:
                n += 1
            taken.add(slug)
            # A name written as a private person's is taken for theirs: private until an editor says otherwise.
            earlier = Speaker(slug=slug, name=name, kind=speaker_kind, description=role,
                              is_private=is_private_name(name, private))  # fmt: skip
            made.append(earlier)
        found[name, kind] = earlier
    return found, made


def _named_as(name: str) -> Q:
    """Speakers a mention's name means: by name in any letter case, by alias or by slug."""
    return Q(name__iexact=name) | Q(aliases__contains=[name]) | Q(slug=slugify(name))


def known_speaker(name: str | None, kind: str | None, *, source: Source) -> Speaker | None:
    """The existing speaker a mention names, as `speakers_for_mentions` would find it; never a new one."""
    if not name:
        return None
    if SPEAKER_KINDS.get(kind or "") == Speaker.Kind.ANONYMOUS:
        return Speaker.objects.filter(slug=slugify(f"{source.slug} {name}")[:120]).first()
    return Speaker.objects.exclude(kind=Speaker.Kind.ANONYMOUS).filter(_named_as(name)).order_by("name").first()


@dataclass
class SelectionGuess:
    """What the extractor reads around a selected span: its kind, cue and who said it."""

    kind: str
    cue: str = ""
    speaker: Speaker | None = None
    speaker_mention: str = ""
    role: str = ""


QUOTATION_MARKS = '“”"«»„'


def guess_for_selection(source: Source, start: int, end: int, extraction: Extraction) -> SelectionGuess:
    """The attribution of the extracted quote that overlaps the selection most (of two that overlap
    it as much, the tighter one: a partial quote before the reported speech around it); when none
    does, a direct quote if quotation marks enclose the selection and reported speech otherwise."""
    overlap = [(min(end, q.end) - max(start, q.start), q) for q in extraction.quotes if q.start < end and start < q.end]
    if not overlap:
        before, after = source.body[max(0, start - 1) : start], source.body[end : end + 1]
        quoted = before != "" and after != "" and before in QUOTATION_MARKS and after in QUOTATION_MARKS
        return SelectionGuess(kind=Quote.Kind.DIRECT if quoted else Quote.Kind.INDIRECT)
    _, found = max(overlap, key=lambda pair: (pair[0], pair[1].start - pair[1].end))
    return SelectionGuess(kind=found.kind, cue=found.cue, speaker=known_speaker(found.speaker, found.speaker_kind,
                          source=source), speaker_mention=found.speaker_mention, role=found.role)  # fmt: skip


def _upper(names: list[str]) -> list[str]:
    """The names upper-cased by PostgreSQL (Python's str.upper() differs, e.g. on "ß")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT upper(n) FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i", [names])
        return [value for (value,) in cursor.fetchall()]


def _slugs_taken(bases: set[str]) -> set[str]:
    """The speaker slugs in use that are one of the bases, or one of them with a number after it."""
    if not bases:
        return set()
    alike = Q()
    for base in bases:
        alike |= Q(slug=base) | Q(slug__regex=rf"^{re.escape(base)}-[0-9]+$")
    return set(Speaker.objects.filter(alike).values_list("slug", flat=True))


def _one_per_stretch(quotes: list[QuoteSuggestion]) -> list[QuoteSuggestion]:
    """The suggestions an editor reviews: where the extractor returns overlapping ones (a partial
    quote inside the reported speech around it, an attribution nested in another), the quoted words
    first, then the longest reported speech; in text order."""
    chosen: list[QuoteSuggestion] = []
    for quote in sorted(quotes, key=lambda q: (q.kind == "indirect", q.start - q.end, q.start)):
        if all(quote.end <= other.start or other.end <= quote.start for other in chosen):
            chosen.append(quote)
    return sorted(chosen, key=lambda q: q.start)


def store_suggestions(source: Source, extraction: Extraction) -> SuggestionReport:
    """The extraction's quotes stored on the source (see `claims.services.source_extract_suggestions`)."""
    report = SuggestionReport()
    existing = list(source.quotes.all())
    stored: list[tuple[QuoteSuggestion, Quote | None]] = []  # with the rule suggestion each refreshes
    for suggestion in _one_per_stretch(extraction.quotes):
        same_span = next((q for q in existing if (q.start, q.end) == (suggestion.start, suggestion.end)), None)
        overlapping = [q for q in existing if q.start < suggestion.end and suggestion.start < q.end]
        refreshable = same_span is not None and _is_rule_suggestion(same_span) and len(overlapping) == 1
        if overlapping and not refreshable:
            report.kept += 1
            continue
        stored.append((suggestion, same_span if refreshable else None))
    speakers = speakers_for_mentions([(s.speaker, s.speaker_kind, s.role) for s, _ in stored], source=source)
    new: list[tuple[Quote, list[QuantitySuggestion]]] = []
    for suggestion, refreshed in stored:
        quote = _suggested_quote(suggestion, refreshed or Quote(source=source), speakers)
        if refreshed:
            quote.save()
            report.updated += 1
        else:
            quote.derive()
            numbers = [n for n in extraction.quantities if suggestion.start <= n.start and n.end <= suggestion.end]
            new.append((quote, numbers))
            report.created += 1
        report.quotes.append(quote)
    if new:
        bulk_create_with_history([quote for quote, _ in new], Quote)
        report.claims = len(draft_claims([(quote, numbers) for quote, numbers in new if numbers]))
    return report
