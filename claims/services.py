"""Writes that span models or carry rules; the admin, the API and the commands call these."""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from claims.anchoring import changed_numbers, reanchor
from claims.extraction import Extraction, extract
from claims.extraction.quantities import find_quantities
from claims.models import (
    Claim,
    ClaimStatusChange,
    Quote,
    Review,
    ReviewCorrection,
    Source,
)
from claims.suggestions import SuggestionReport, draft_claims, store_suggestions
from claims.validators import attribution_errors
from claims.versioning import RecordGone


@transaction.atomic
def source_extract_suggestions(*, source: Source, extraction: Extraction | None = None) -> SuggestionReport:
    """Store the extractor's quotes on a source as suggestions, with draft claims for their numbers.

    Confirmed and rejected quotes, and any quote an editor wrote, are never changed: a suggestion
    overlapping one of them is dropped. Earlier rule suggestions for the same span are refreshed.
    New quotes, claims and quantities are inserted a model at a time, each with its history.
    """
    return store_suggestions(source, extraction or extract(source.body))


@transaction.atomic
def quote_annotate(*, quote: Quote, user) -> Quote:
    """Save an editor's new quote (checked by the caller's form, as `full_clean` checks it)."""
    quote.extracted_by = quote.extracted_by or user.get_username()[:100]
    quote._change_reason = f"annotated by {user.get_username()}"  # read by django-simple-history
    quote.save()
    return quote


@transaction.atomic
def claim_from_quote(*, quote: Quote, user) -> Claim:
    """A draft claim in the quote's words: its speaker the claimant, the quote its appearance, and the
    numbers the extractor reads in the words its quantities, hedges and intervals included."""
    if not user.has_perm("claims.add_claim"):
        raise WorkflowError("Your role cannot make claims.", permission=True)
    return draft_claims([(quote, find_quantities(quote.text))])[0]


# --- editorial workflow ----------------------------------------------------------------------------
class WorkflowError(Exception):
    """A move the rules or the user's role do not allow: `permission` if it is the role, `conflict` if
    the record is not (or no longer) in a state the move starts from."""

    def __init__(self, message: str, *, permission: bool = False, conflict: bool = False, field: str = ""):
        super().__init__(message)
        self.permission, self.conflict = permission, conflict
        self.field = field  # the field a form or a request should show the error on, if any


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


def may_move_claims_to(user, to_status: str, *, from_status: str | None = None) -> bool:
    """Whether the user's role can move some claim (from `from_status`, if given) to `to_status`:
    what the admin offers them."""
    return any(to == to_status and from_status in (None, start) and user.has_perm(permission)
               for (start, to), permission in CLAIM_TRANSITIONS.items())  # fmt: skip


def may_publish_reviews(user) -> bool:
    return user.has_perm("claims.publish_review")


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
    if not may_publish_reviews(user):
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


# --- changes to what readers have seen ------------------------------------------------------------
def _stored(record):
    """The record as stored, locked until the transaction ends: the state a change is judged against."""
    stored = type(record)._base_manager.select_for_update().filter(pk=record.pk).first()
    if stored is None:
        raise RecordGone(record)  # deleted meanwhile: a change never puts it back
    return stored


def _apply(record, changes: dict) -> None:
    for name, value in changes.items():
        setattr(record, name, value)


@transaction.atomic
def claim_update(*, claim: Claim, changes: dict, user, note: str = "") -> Claim:
    """Save a claim with `changes` applied (the admin applies its form first and passes none).

    A published review keeps the wording it rated: rewording a claim with a published verdict is a
    reviewer's correction, with a note readers see (`rewording_refusal`), kept with each review."""
    _apply(claim, changes)
    if claim.pk is None:
        claim.save()
        return claim
    stored = _stored(claim)
    refusal = rewording_refusal(stored, text=claim.text, user=user, note=note)
    if refusal is not None:
        raise refusal
    claim.save()
    if claim.text != stored.text:
        _record_rewording(claim, old_text=stored.text, user=user, note=note)
    return claim


def same_wording(text: str, other: str) -> bool:
    """Whether two texts read the same: spacing and line breaks aside."""
    return text.split() == other.split()


def rewording_refusal(
    claim: Claim, *, text: str, user, note: str, stored_text: str | None = None
) -> WorkflowError | None:
    """Why this user may not give the claim this wording now, or None (the admin's form asks first)."""
    stored_text = claim.text if stored_text is None else stored_text
    if claim.pk is None or same_wording(text, stored_text):
        return None
    if not claim.reviews.filter(status=Review.Status.PUBLISHED).exists():
        return None
    if not user.has_perm("claims.publish_review"):
        return WorkflowError("This claim has a published verdict: a reviewer rewords it, as a correction.",
                             permission=True, field="text")  # fmt: skip
    if not note.strip():
        return WorkflowError("This claim has a published verdict: rewording it is a correction; add a note "
                             "readers will see.", field="correction_note")  # fmt: skip
    return None


def _record_rewording(claim: Claim, *, old_text: str, user, note: str) -> None:
    """Each published review of a reworded claim rates the new wording, with a correction keeping the old."""
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


@transaction.atomic
def review_update(*, review: Review, changes: dict, user, note: str = "") -> Review:
    """Save a review with `changes` applied (the admin applies its form first and passes none).

    A published verdict keeps a rating and an explanation and stays with the claim it rated; a
    change to it is a correction with a note readers see (`review_change_refusal`), recorded here."""
    _apply(review, changes)
    stored = _stored(review) if review.pk else None
    refusal = review_change_refusal(stored, claim_id=review.claim_id, rating=review.rating,
                                    explanation=review.explanation, note=note)  # fmt: skip
    if refusal is not None:
        raise refusal
    review.save()
    if stored is not None and verdict_changed(stored, rating=review.rating, explanation=review.explanation):
        review_correct(review=review, old_rating_id=stored.rating_id, old_explanation=stored.explanation,
                       user=user, note=note)  # fmt: skip
    return review


def verdict_changed(review: Review, *, rating, explanation: str) -> bool:
    """Whether readers would see another verdict: the review is published and its rating or explanation differs."""
    return review.status == Review.Status.PUBLISHED and (
        rating != review.rating or explanation.strip() != review.explanation.strip()
    )


def review_change_refusal(stored: Review | None, *, claim_id, rating, explanation: str,
                          note: str) -> WorkflowError | None:  # fmt: skip
    """Why a stored review may not take these values now, or None."""
    if stored is None or stored.status != Review.Status.PUBLISHED:
        return None
    if claim_id != stored.claim_id:
        return WorkflowError("A published review stays with the claim it rated.", field="claim")
    if rating is None or not explanation.strip():
        return WorkflowError("A published review keeps a rating and an explanation.", field="correction_note")
    if verdict_changed(stored, rating=rating, explanation=explanation) and not note.strip():
        return WorkflowError("This review is published: changing its verdict is a correction; add a note readers "
                             "will see, saying what you corrected and why.", field="correction_note")  # fmt: skip
    return None


def review_correct(*, review: Review, old_rating_id, old_explanation: str, user, note: str) -> None:
    """Record a change to a published verdict, after the changed review is saved."""
    if not note.strip():
        raise WorkflowError("A change to a published verdict needs a correction note readers will see.")
    ReviewCorrection.objects.create(review=review, corrected_by=user, old_rating_id=old_rating_id,
                                    new_rating=review.rating, old_explanation=old_explanation, note=note)  # fmt: skip


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


def quotes_review(*, quotes, status: str, user) -> tuple[int, int]:
    """Confirm or reject suggested quotes in bulk; confirmed ones keep who confirmed them. Returns
    how many changed and how many were left because confirming them would break a rule (a direct or
    partial quote with no speaker)."""
    changed = refused = 0
    for quote in quotes.filter(review_status=Quote.ReviewStatus.SUGGESTED):
        if attribution_errors(kind=quote.kind, review_status=status, speaker=quote.speaker_id):
            refused += 1
            continue
        quote.review_status = status
        if status == Quote.ReviewStatus.CONFIRMED and quote.extracted_by.startswith("rule:"):
            quote.extracted_by = f"{quote.extracted_by}, confirmed by {user.get_username()}"[:100]
        quote._change_reason = f"{status} by {user.get_username()}"
        quote.save()
        changed += 1
    return changed, refused
