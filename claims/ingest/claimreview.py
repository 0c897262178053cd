"""schema.org ClaimReview JSON-LD, as Google's Fact Check tools read it: out and back in.

Export: one document per published review. Import: `documents_in(text)` finds ClaimReview
objects in one object, a list, a feed of one object per line, or HTML with
`<script type="application/ld+json">` tags; `claims.ingest.claimreview_import` stores them.
"""

import json
import re

from django.conf import settings

from claims.models import Quote, Review, Source, Speaker
from claims.querysets import named_to

CONTEXT = "https://schema.org"
# Script tags are found by a scan that reads the text once: an opening tag's attributes are read to at
# most 2,000 characters, and a missing closing tag ends the scan (none follows for later tags either).
SCRIPT_OPEN = re.compile(r"<script\b([^<>]{0,2000})>", re.I)
SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
LD_JSON = re.compile(r"""type\s*=\s*["']?application/ld\+json\b""", re.I)
MAX_DEPTH = 32  # objects inside objects around a ClaimReview; real pages use three or four


TOO_DEEP = f"{{where}}: objects and lists nested more than {MAX_DEPTH} deep"


class ClaimReviewError(ValueError):
    """A document that cannot be read; the message says where."""


# --- export -------------------------------------------------------------------------------------
def claimreview_document(review: Review, *, review_url: str) -> dict:
    claim = review.claim
    document = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review.url or review_url,
        "claimReviewed": review.claim_reviewed or claim.text,  # the wording the verdict rated
        "itemReviewed": _item_reviewed(claim),
        "author": _reviewer_organisation(review),
        "reviewRating": _rating(review),
        "datePublished": review.published_at and _date_or_time(review.published_at),
    }
    return _given(document)


def _given(node: dict) -> dict:
    """The node without the properties nothing is known of (None or "")."""
    return {name: value for name, value in node.items() if value is not None and value != ""}


def _item_reviewed(claim) -> dict:
    item = {"@type": "Claim"}
    if named_to(claim.claimant, None):  # a private individual is not named in what we publish
        item["author"] = _speaker(claim.claimant)
    appearances = _appearances(claim)
    stated = claim.stated_on or next((a.get("datePublished") for a in appearances if a.get("datePublished")), None)
    if stated:
        item["datePublished"] = str(stated)
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    return item


def _speaker(speaker: Speaker) -> dict:
    return _given({
        "@type": "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization", "name": speaker.name,
        "jobTitle": speaker.job_title,
        "sameAs": speaker.wikidata_id and f"https://www.wikidata.org/wiki/{speaker.wikidata_id}",
    })  # fmt: skip


def _appearances(claim) -> list[dict]:
    """Where the claim appeared, earliest first: our sources' articles, then other known URLs."""
    sources = {quote.source for quote in claim.appearances.all() if quote.review_status == Quote.ReviewStatus.CONFIRMED}
    ordered = sorted(sources, key=lambda s: (s.published_at is None, s.published_at, s.pk))
    nodes = [_creative_work(source) for source in ordered]
    nodes += [{"@type": "CreativeWork", "url": url} for url in claim.appearance_urls]
    return nodes


def _creative_work(source: Source) -> dict:
    return _given({
        "@type": "NewsArticle" if source.kind == Source.Kind.ARTICLE else "CreativeWork", "headline": source.title,
        "url": source.url, "datePublished": source.published_at and _date_or_time(source.published_at),
        "publisher": source.outlet and {"@type": "Organization", "name": source.outlet.name},
    })  # fmt: skip


def _reviewer_organisation(review: Review) -> dict:
    if review.publisher:
        return {"@type": "Organization", "name": review.publisher.name}
    return {"@type": "Organization", "name": settings.FACTCHECK_ORGANIZATION, "url": settings.FACTCHECK_SITE_URL}


def _rating(review: Review) -> dict:
    rating, scale = review.rating, review.rating.scale
    node = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        value = int(rating.value) if rating.value == rating.value.to_integral_value() else float(rating.value)
        node |= {"ratingValue": value, "bestRating": scale.best_value, "worstRating": scale.worst_value}
    if review.explanation:
        node["ratingExplanation"] = review.explanation
    return node


def _date_or_time(moment) -> str:
    """A date when the time is midnight UTC (a date was given), else the full instant."""
    midnight = (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
    return moment.date().isoformat() if midnight else moment.isoformat()


# --- import -------------------------------------------------------------------------------------
def documents_in(text: str) -> list[tuple[str, dict]]:
    """Every ClaimReview object in a file, with where it was found ("line 3", "script 2, item 1")."""
    if text.lstrip().startswith("<"):
        blocks = [(f"script {n}", block) for n, block in enumerate(_ld_json_scripts(text), start=1)]
        if not blocks:
            raise ClaimReviewError('no <script type="application/ld+json"> tag found')
    else:
        blocks = _json_blocks(text)
    found = []
    for where, block in blocks:
        value = _loads(where, block) if isinstance(block, str) else block
        found.extend(_claimreviews(where, value))
    return found


def _ld_json_scripts(text: str) -> list[str]:
    scripts, at = [], 0
    while opening := SCRIPT_OPEN.search(text, at):
        closing = SCRIPT_CLOSE.search(text, opening.end())
        if closing is None:
            break
        if LD_JSON.search(opening.group(1)):
            scripts.append(text[opening.end() : closing.start()])
        at = closing.end()
    return scripts


def _json_blocks(text: str) -> list[tuple[str, object]]:
    try:
        return [("document", json.loads(text))]
    except RecursionError:
        raise ClaimReviewError(TOO_DEEP.format(where="document")) from None
    except json.JSONDecodeError as whole_error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) < 2 or not _is_json_object(lines[0][1]):
            raise ClaimReviewError(_json_message("document", whole_error)) from whole_error
        return [(f"line {n}", line) for n, line in lines]  # a feed of one object per line


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _loads(where: str, block: str):
    try:
        return json.loads(block)
    except RecursionError:
        raise ClaimReviewError(TOO_DEEP.format(where=where)) from None
    except json.JSONDecodeError as error:
        raise ClaimReviewError(_json_message(where, error)) from error


def _json_message(where: str, error: json.JSONDecodeError) -> str:
    if where.startswith("line "):  # one object per line: the column on that line is enough
        return f"{where}: invalid JSON at column {error.colno}: {error.msg}"
    return f"{where}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"


def _claimreviews(where: str, value, depth: int = 0) -> list[tuple[str, dict]]:
    if depth > MAX_DEPTH and isinstance(value, list | dict):
        raise ClaimReviewError(TOO_DEEP.format(where=where))
    if isinstance(value, list):
        found = []
        for n, item in enumerate(value, start=1):
            found += _claimreviews(f"{where}, item {n}", item, depth + 1)
        return found
    if not isinstance(value, dict):
        return []
    if "@graph" in value:
        return _claimreviews(f"{where}, @graph", value["@graph"], depth + 1)
    types = value.get("@type")
    types = types if isinstance(types, list) else [types]
    if "ClaimReview" in types:
        return [(where, value)]
    nested = value.get("mainEntity") or value.get("review")  # a page or an article wrapping its review
    return _claimreviews(f"{where}, mainEntity", nested, depth + 1) if nested else []
