"""The public site: published fact checks as pages people and search engines read.

Every read goes through the models' rule for an anonymous reader (`visible_to(None)`, the API's
rule), whoever is signed in: the pages are the same for everyone, so a CDN may carry them. Private
names are blacked out of every page by claims.middleware, the path every API answer takes;
claims.middleware also gives the pages their ETag and Cache-Control.
"""

import json
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims import charts
from claims.api.filters import ClaimFilter
from claims.consistency import bounds, measure_report
from claims.ingest.claimreview import claimreview_document
from claims.models import (
    Claim,
    Measure,
    Quantity,
    Quote,
    Rating,
    RatingScale,
    Review,
    ReviewCorrection,
    Source,
    Speaker,
)
from claims.querysets import named_to

PAGE_SIZE = 20
READER = None  # who the public site reads for: no one signed in (claims.querysets.sees_unpublished)


def public(model):
    """The records of `model` an anonymous reader may see: the one rule the API applies too."""
    return model.objects.visible_to(READER)


def latest_review():
    """A claim's latest published review, as a subquery on the claim."""
    return public(Review).filter(claim=OuterRef("pk")).order_by("-published_at", "-id")


def with_verdicts(claims):
    """Claims with the label of their latest published verdict (`verdict`)."""
    return claims.select_related("claimant").annotate(verdict=Subquery(latest_review().values("rating__label")[:1]))


def home(request):
    """The latest published fact checks, newest first."""
    reviews = public(Review).select_related("claim__claimant", "rating__scale").order_by("-published_at", "-id")
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "site/home.html", {"page": page, "canonical": canonical(request, "site:home", page=page)})


def claim_detail(request, pk):
    claim = get_object_or_404(public(Claim).select_related("claimant"), pk=pk)
    corrections = ReviewCorrection.objects.select_related("old_rating", "new_rating").order_by("corrected_at", "id")
    reviews = (
        public(Review)
        .filter(claim=claim)
        .select_related("rating__scale", "publisher", "reviewer")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-published_at", "-id")
    )
    review = reviews.first()
    url = canonical(request, "site:claim", pk=claim.pk)
    appearances = public(Quote).filter(claims=claim).select_related("source__outlet", "speaker")
    context = {
        "claim": claim,
        "claimant": claim.claimant if named_to(claim.claimant, READER) else None,
        "review": review,
        "scale": scale_of(review),
        "appearances": [in_paragraph(quote) for quote in appearances.order_by("source__published_at", "start")],
        "figures": figures_of(claim),
        "canonical": url,
        "json_ld": json_ld(claimreview_of(review, claim, url)) if review else None,
    }
    return render(request, "site/claim.html", context)


def claimreview_of(review, claim, url):
    """The review as ClaimReview, its `url` this page (Google reads the markup of the page it is on)."""
    appearances = Prefetch("appearances", queryset=public(Quote).select_related("source__outlet"))
    review.claim = public(Claim).select_related("claimant").prefetch_related(appearances).get(pk=claim.pk)
    return {**claimreview_document(review, review_url=url), "url": url}


def scale_of(review):
    """The verdict's scale, its ratings best first, for the scale drawn beside the verdict."""
    if review is None or review.rating is None:
        return None
    scale = review.rating.scale
    return {"scale": scale, "ratings": list(Rating.objects.filter(scale=scale).order_by("-value", "label"))}


def in_paragraph(quote):
    """The quote in the paragraph of its source that holds it: the text before, the quote, the text after."""
    body = quote.source.body
    start = body.rfind("\n", 0, quote.start) + 1
    end = body.find("\n", quote.end)
    end = len(body) if end == -1 else end
    return {"quote": quote, "before": body[start : quote.start], "quoted": body[quote.start : quote.end],
            "after": body[quote.end : end]}  # fmt: skip


def figures_of(claim):
    """For each quantity of the claim that tracks a measure: the measure's public figures and whether
    they can all be true."""
    quantities = public(Quantity).filter(claim=claim).select_related("measure").order_by("id")
    return [
        {
            "quantity": quantity,
            "measure": quantity.measure,
            "report": measure_report(quantity.measure, public(Quantity)),
        }
        for quantity in quantities
        if quantity.measure is not None
    ]


JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(document: dict) -> str:
    """A JSON-LD document to place inside <script type="application/ld+json">: nothing in it can end the tag."""
    return mark_safe(json.dumps(document, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))


def speaker_detail(request, slug):
    speaker = get_object_or_404(public(Speaker).select_related("organization"), slug=slug)
    claims = with_verdicts(public(Claim).filter(claimant=speaker)).order_by("-stated_on", "-created_at", "-id")
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    scales = dict(RatingScale.objects.values_list("slug", "name"))
    scorecard = [{**row, "scale": scales.get(row["scale_slug"], row["scale_slug"])}
                 for row in public(Review).filter(claim__claimant=speaker).scorecard()]  # fmt: skip
    organization = speaker.organization if named_to(speaker.organization, READER) else None
    context = {"speaker": speaker, "parent": organization, "scorecard": scorecard, "page": page,
               "canonical": canonical(request, "site:speaker", slug=speaker.slug, page=page)}  # fmt: skip
    return render(request, "site/speaker.html", context)


def measure_detail(request, slug):
    measure = get_object_or_404(Measure.objects.all(), slug=slug)  # every measure is public, as in the API
    report = measure_report(measure, public(Quantity))
    conflicting = {id(q) for conflict in report.conflicts for q in (conflict.first, conflict.second)}
    rows = [{"quantity": q, "bounds": bounds(q), "claimant": q.claim.claimant if named_to(q.claim.claimant, READER)
             else None, "conflict": id(q) in conflicting} for q in report.timeline]  # fmt: skip
    related = [*(("at most", r.larger) for r in measure.at_most_relations.select_related("larger")),
               *(("at least", r.smaller) for r in measure.at_least_relations.select_related("smaller"))]  # fmt: skip
    context = {"measure": measure, "report": report, "rows": rows, "related": related,
               "chart": charts.intervals_svg(report.timeline, conflicting, unit=measure.unit),
               "canonical": canonical(request, "site:measure", slug=measure.slug)}  # fmt: skip
    return render(request, "site/measure.html", context)


def source_detail(request, slug):
    """A source's text with the quotes the public may read marked, each linked to its claims."""
    source = get_object_or_404(public(Source).select_related("outlet"), slug=slug)
    quotes = (
        public(Quote)
        .filter(source=source)
        .select_related("speaker")
        .prefetch_related(Prefetch("claims", queryset=public(Claim).only("id")))
    )
    context = {"source": source, "paragraphs": marked_paragraphs(source.body, quotes.order_by("start", "-end")),
               "outlet": source.outlet if named_to(source.outlet, READER) else None,
               "canonical": canonical(request, "site:source", slug=source.slug)}  # fmt: skip
    return render(request, "site/source.html", context)


def marked_paragraphs(body: str, quotes) -> list[list[tuple[str, object]]]:
    """The body's paragraphs as pieces: (text, None) or (text, quote) for the quoted words. A quote
    inside another is left to the outer one."""
    pieces, at = [], 0
    for quote in quotes:
        if quote.start < at:
            continue
        pieces += [(body[at : quote.start], None), (body[quote.start : quote.end], quote)]
        at = quote.end
    pieces.append((body[at:], None))
    paragraphs, current = [], []
    for text, quote in pieces:
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n:
                paragraphs.append(current)
                current = []
            if part:
                current.append((part, quote))
    paragraphs.append(current)
    return [paragraph for paragraph in paragraphs if paragraph]


def search(request):
    """Published claims found with the API's search syntax and filters (claims.api.filters.ClaimFilter)."""
    found = ClaimFilter(request.GET, queryset=public(Claim), request=anonymous_request())
    if not found.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in found.errors.items()}
        return render(request, "site/search.html", {"errors": errors}, status=400)
    claims = with_verdicts(found.qs)
    if not found.form.cleaned_data.get("q"):
        claims = claims.order_by("-created_at", "-id")
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    for claim in page:
        claim.marked = marked_snippet(getattr(claim, "snippet", None) or claim.text)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "query": query.urlencode(), "searched": bool(request.GET),
               "canonical": canonical(request, "site:search")}  # fmt: skip
    return render(request, "site/search.html", context)


def anonymous_request():
    """What the filters are told of the reader: no one signed in, so they search as for the public."""
    return SimpleNamespace(user=AnonymousUser())


def marked_snippet(snippet: str) -> str:
    """A search snippet as HTML: its text escaped, PostgreSQL's <mark> tags kept."""
    escaped = escape(snippet)
    return mark_safe(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def canonical(request, name: str, page=None, **kwargs) -> str:
    """The page's one address: absolute, without query parameters other than a page number past the first."""
    path = reverse(name, kwargs=kwargs or None)
    if page is not None and page.number > 1:
        path += f"?page={page.number}"
    return request.build_absolute_uri(path)
