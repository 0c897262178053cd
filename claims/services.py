"""Writes that span models or carry rules; the admin, the API and the commands call these."""

import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from claims.anchoring import changed_numbers, reanchor
from claims.extraction import EXTRACTOR, Extraction, extract
from claims.extraction.quantities import QuantitySuggestion
from claims.extraction.quotes import QuoteSuggestion
from claims.models import (
    Appearance,
    Claim,
    ClaimStatusChange,
    Quantity,
    Quote,
    Review,
    ReviewCorrection,
    Source,
    Speaker,
)
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


@transaction.atomic
def source_extract_suggestions(*, source: Source, extraction: Extraction | None = None) -> SuggestionReport:
    """Store the extractor's quotes on a source as suggestions, with draft claims for their numbers.

    Confirmed and rejected quotes, and any quote an editor wrote, are never changed: a suggestion
    overlapping one of them is dropped. Earlier rule suggestions for the same span are refreshed.
    New quotes, claims and quantities are inserted a model at a time, each with its history.
    """
    extraction = extraction or extract(source.body)
    report = SuggestionReport()
    existing = list(source.quotes.all())
    stored: list[tuple[QuoteSuggestion, Quote | None]] = []  # with the rule suggestion each refreshes
    for suggestion in extraction.quotes:
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
        report.claims = _store_claims([(quote, numbers) for quote, numbers in new if numbers])
    return report


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


def _store_claims(quotes: list[tuple[Quote, list[QuantitySuggestion]]]) -> int:
    """A draft claim for each quote, appearing in it, with the quote's numbers as its quantities."""
    if not quotes:
        return 0
    claims = [Claim(text=quote.text if len(quote.text) <= 500 else quote.text[:497] + "...",
                    claimant=quote.speaker, status=Claim.Status.DRAFT) for quote, _ in quotes]  # fmt: skip
    bulk_create_with_history(claims, Claim)
    pairs = list(zip(claims, quotes, strict=True))
    Appearance.objects.bulk_create([Appearance(claim=claim, quote=quote) for claim, (quote, _) in pairs])
    bulk_create_with_history([
        Quantity(claim=claim, surface=number.surface, qualifier=number.qualifier, value=number.value,
                 value_to=number.value_to, unit=number.unit, measured=number.measured)
        for claim, (_, numbers) in pairs for number in numbers
    ], Quantity)  # fmt: skip
    return len(claims)


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
        known.filter(Q(name__iexact=name) | Q(aliases__contains=[name]) | Q(slug=slugify(name)))
        .annotate(mention=Value(n))[:1]
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


# --- editorial workflow ----------------------------------------------------------------------------
class WorkflowError(Exception):
    """A move the rules or the user's role do not allow: `permission` if it is the role, `conflict` if
    the record is not (or no longer) in a state the move starts from."""

    def __init__(self, message: str, *, permission: bool = False, conflict: bool = False):
        super().__init__(message)
        self.permission, self.conflict = permission, conflict


S = Claim.Status
# (from, to): the permission it takes. Editors send claims to review and back; reviewers publish.
CLAIM_TRANSITIONS = {
    (S.DRAFT, S.IN_REVIEW): "claims.change_claim",
    (S.IN_REVIEW, S.DRAFT): "claims.change_claim",
    (S.IN_REVIEW, S.PUBLISHED): "claims.publish_claim",
    (S.PUBLISHED, S.IN_REVIEW): "claims.publish_claim",
    (S.PUBLISHED, S.ARCHIVED): "claims.publish_claim",
    (S.ARCHIVED, S.PUBLISHED): "claims.publish_claim",
}


@transaction.atomic
def claim_transition(*, claim: Claim, to_status: str, user, note: str = "", expected_version=None) -> Claim:
    """Move a claim through draft -> in review -> published -> archived, recording who and when."""
    permission = CLAIM_TRANSITIONS.get((claim.status, to_status))
    if permission is None:
        allowed = sorted(to for (start, to) in CLAIM_TRANSITIONS if start == claim.status)
        raise WorkflowError(f"A {claim.get_status_display().lower()} claim can go to: {', '.join(allowed)}.",
                            conflict=True)  # fmt: skip
    if not user.has_perm(permission):
        raise WorkflowError(f"Your role cannot move a claim to {to_status}.", permission=True)
    from_status = claim.status
    claim.status, claim.expected_version = to_status, expected_version
    claim._change_reason = f"{from_status} -> {to_status}" + (f": {note}" if note else "")
    claim.save()
    ClaimStatusChange.objects.create(claim=claim, from_status=from_status, to_status=to_status,
                                     changed_by=user, note=note[:300])  # fmt: skip
    return claim


@transaction.atomic
def review_publish(*, review: Review, user, expected_version=None) -> Review:
    """Publish a review: it takes a rating and an explanation, and the reviewer role."""
    if not user.has_perm("claims.publish_review"):
        raise WorkflowError("Your role cannot publish reviews.", permission=True)
    if review.status == Review.Status.PUBLISHED:
        raise WorkflowError("This review is already published; change it to publish a correction.", conflict=True)
    if review.rating_id is None or not review.explanation.strip():
        raise WorkflowError("A review is published only with a rating and an explanation.")
    review.status, review.published_at = Review.Status.PUBLISHED, timezone.now()
    review.claim_reviewed = review.claim.text  # the wording rated, kept whatever the claim reads later
    review.reviewer = review.reviewer or user
    review.expected_version = expected_version
    review._change_reason = "published"
    review.save()
    return review


def review_correct(*, review: Review, old_rating_id, old_explanation: str, user, note: str) -> None:
    """Record a change to a published verdict (call after saving the changed review)."""
    if not note.strip():
        raise WorkflowError("A change to a published verdict needs a correction note readers will see.")
    ReviewCorrection.objects.create(review=review, corrected_by=user, old_rating_id=old_rating_id,
                                    new_rating=review.rating, old_explanation=old_explanation, note=note)  # fmt: skip


def same_wording(text: str, other: str) -> bool:
    """Whether two texts read the same: spacing and line breaks aside."""
    return text.split() == other.split()


def rewording_refusal(claim: Claim, *, text: str, user, note: str) -> WorkflowError | None:
    """Why this user may not give the claim this wording now, or None.

    A published review keeps the wording it rated: rewording its claim is a correction, which a
    reviewer makes with a note readers see (`record_rewording` then keeps it with each review)."""
    if claim.pk is None or same_wording(text, claim.text):
        return None
    if not claim.reviews.filter(status=Review.Status.PUBLISHED).exists():
        return None
    if not user.has_perm("claims.publish_review"):
        return WorkflowError("This claim has a published verdict: a reviewer rewords it, as a correction.",
                             permission=True)  # fmt: skip
    if not note.strip():
        return WorkflowError("This claim has a published verdict: rewording it is a correction; add a note "
                             "readers will see.")  # fmt: skip
    return None


def record_rewording(claim: Claim, *, old_text: str, user, note: str) -> int:
    """After a reviewer reworded a claim: each published review of it rates the new wording, with a
    correction that keeps the old one. Returns how many reviews were corrected."""
    corrected = 0
    for review in claim.reviews.select_for_update().filter(status=Review.Status.PUBLISHED):
        rated = review.claim_reviewed or old_text  # reviews imported or published before it was kept
        if same_wording(rated, claim.text):
            continue
        ReviewCorrection.objects.create(review=review, corrected_by=user, old_rating_id=review.rating_id,
                                        new_rating_id=review.rating_id, old_explanation=review.explanation,
                                        old_claim_reviewed=rated, note=note)  # fmt: skip
        review.claim_reviewed = claim.text
        review._change_reason = "claim reworded"
        review.save(update_fields=["claim_reviewed", "updated_at"])
        corrected += 1
    return corrected


def verdict_changed(review: Review, *, rating, explanation: str) -> bool:
    return review.status == Review.Status.PUBLISHED and (
        rating != review.rating or explanation.strip() != review.explanation.strip()
    )


def verdict_change_refusal(review: Review, *, rating, explanation: str, note: str) -> WorkflowError | None:
    """Why a review may not take this rating and explanation now, or None: a published verdict keeps
    a rating and an explanation, and a change to it is a correction with a note readers see."""
    if review.pk is None or review.status != Review.Status.PUBLISHED:
        return None
    if rating is None or not explanation.strip():
        return WorkflowError("A published review keeps a rating and an explanation.")
    if verdict_changed(review, rating=rating, explanation=explanation) and not note.strip():
        return WorkflowError("This review is published: changing its verdict is a correction; add a note "
                             "readers will see, saying what you corrected and why.")  # fmt: skip
    return None


# --- anchors that survive edits ---------------------------------------------------------------------
@dataclass
class ReanchorReport:
    statuses: dict[str, int] = field(default_factory=dict)
    flagged_claims: int = 0

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items())) or "no quotes"
        return f"Quotes re-anchored: {counts}; {self.flagged_claims} claim(s) flagged for review."


@transaction.atomic
def source_update_body(*, source: Source, body: str, expected_version=None) -> ReanchorReport:
    """Change a source's text and find every quote again (exact, moved, changed or orphaned).

    Changed and orphaned quotes, and the claims resting on them, are flagged for an editor; a
    number that changed inside a quote is named in the flag.
    """
    with connection.cursor() as cursor:  # body and offsets change together: check them at the end
        cursor.execute("SET CONSTRAINTS quote_anchor_matches_body, source_body_keeps_quote_anchors DEFERRED")
    old_body = Source.objects.values_list("body", flat=True).get(pk=source.pk)
    source.body, source.expected_version = body, expected_version
    source._change_reason = "body edited; quotes re-anchored"
    source.save()
    report = ReanchorReport()
    for quote in source.quotes.all():
        old_text = quote.text
        exact = old_body[quote.start : quote.end]
        anchor = reanchor(body, exact=exact, prefix=quote.prefix, suffix=quote.suffix, start=quote.start)
        quote.start, quote.end, quote.anchor_status = anchor.start, anchor.end, anchor.status
        if anchor.status in ("moved", "changed") and quote.kind in Quote.VERBATIM_KINDS:
            quote.text = body[anchor.start : anchor.end]
        quote._change_reason = f"re-anchored: {anchor.status}"
        quote.save()
        report.statuses[anchor.status] = report.statuses.get(anchor.status, 0) + 1
        if anchor.status in ("changed", "orphaned"):
            report.flagged_claims += _flag_claims(quote, old_text, anchor.status)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS quote_anchor_matches_body, source_body_keeps_quote_anchors IMMEDIATE")
    return report


def _flag_claims(quote: Quote, old_text: str, status: str) -> int:
    numbers = changed_numbers(old_text, quote.text) if status == "changed" else []
    reason = f"A quote it rests on is {status} after a source edit: “{old_text[:80]}”"
    if numbers:
        reason += "; numbers changed: " + ", ".join(f"{a or '—'} → {b or '—'}" for a, b in numbers)
    flagged = 0
    for claim in quote.claims.all():
        claim.needs_attention = reason[:500]
        claim._change_reason = "flagged: a quote changed"
        claim.save(update_fields=["needs_attention"])
        flagged += 1
    return flagged


def quotes_review(*, quotes, status: str, user) -> int:
    """Confirm or reject suggested quotes in bulk; confirmed ones keep who confirmed them."""
    count = 0
    for quote in quotes.filter(review_status=Quote.ReviewStatus.SUGGESTED):
        quote.review_status = status
        if status == Quote.ReviewStatus.CONFIRMED and quote.extracted_by.startswith("rule:"):
            quote.extracted_by = f"{quote.extracted_by}, confirmed by {user.get_username()}"[:100]
        quote._change_reason = f"{status} by {user.get_username()}"
        quote.save()
        count += 1
    return count
