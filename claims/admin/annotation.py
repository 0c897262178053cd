"""The annotation view of a source: its body with every quote marked, a quote opened beside the text,
and a new quote made from a mouse selection and saved without leaving the page.

Three admin URLs under a source (`SourceAdmin.get_urls`), behind the admin's login and the models'
permissions: the page (view the source), the guess for a selection (view it too) and the save (add
quotes). The guess and the save answer JSON for `claims/static/claims/annotate.js`."""

from functools import partial
from itertools import pairwise

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from claims.extraction import extract
from claims.extraction.text import context_around
from claims.models import Quote, Source
from claims.services import quote_annotate
from claims.suggestions import guess_for_selection

PARAGRAPH = 600  # characters each side of a selection shown with it: its paragraph, in practice


def highlight(body: str, quotes) -> str:
    """The body as HTML with every quote marked, nested and overlapping ones included.

    The body is cut at every quote's start and end; each piece inside quotes is one <mark> styled
    by the innermost (shortest) quote covering it, with a depth class when quotes overlap, and
    naming all of them (data-quotes, innermost first) so a click can open the quote it means."""
    quotes = list(quotes)
    cuts = sorted({0, len(body), *(q.start for q in quotes), *(q.end for q in quotes)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = sorted(
            (q for q in quotes if q.start <= start and end <= q.end), key=lambda q: (q.end - q.start, q.pk)
        )
        pieces.append(_mark(body[start:end], covering) if covering else escape(body[start:end]))
    return mark_safe("".join(pieces))  # every piece is escaped


def _mark(text: str, covering: list) -> str:
    inner = covering[0]
    return format_html(
        '<mark class="quote quote-{} quote-{} quote-depth-{}" data-quotes="{}" title="{}">{}</mark>',
        inner.kind, inner.review_status, min(len(covering), 3), " ".join(str(q.pk) for q in covering),
        " · ".join(f"{q.speaker or 'Unattributed'} ({q.get_kind_display()}, {q.get_review_status_display()})"
                   for q in covering),
        text,
    )  # fmt: skip


LEGEND = format_html(
    '<p class="quote-legend">{}</p>',
    format_html_join(" ", '<mark class="quote {}">{}</mark>', [
        ("quote-direct", "direct"), ("quote-partial", "partial"), ("quote-indirect", "indirect"),
        ("quote-mixed", "mixed"), ("quote-direct quote-suggested", "suggested"),
        ("quote-direct quote-rejected", "rejected"), ("quote-direct quote-depth-2", "inside another quote"),
    ]),
)  # fmt: skip


class AnnotationForm(forms.ModelForm):
    """A new quote on the source, from a selection: offsets and text as selected, the rest guessed."""

    class Meta:
        model = Quote
        fields = ["start", "end", "text", "kind", "speaker", "cue", "speaker_mention", "role"]
        widgets = {"start": forms.HiddenInput, "end": forms.HiddenInput, "text": forms.HiddenInput}

    def __init__(self, *args, source: Source, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        self.instance.review_status = Quote.ReviewStatus.CONFIRMED  # an editor's own annotation
        speaker = self.fields["speaker"]
        speaker.widget = AutocompleteSelect(Quote._meta.get_field("speaker"), admin_site, choices=speaker.choices)
        self.fields["speaker"].help_text = "Who said it; a direct or partial quote needs one."
        for name in ("cue", "speaker_mention", "role"):
            self.fields[name].widget.attrs["size"] = 24


def annotation_urls(model_admin) -> list:
    def route(suffix: str, view, name: str):
        return path(f"<path:object_id>/annotate/{suffix}", model_admin.admin_site.admin_view(
            partial(view, model_admin=model_admin)), name=name)  # fmt: skip

    return [
        route("", annotation_page, "claims_source_annotate"),
        route("guess/", selection_guess, "claims_source_annotate_guess"),
        route("quotes/", quote_save, "claims_source_annotate_save"),
    ]


def _source(model_admin, request, object_id: str) -> Source:
    if not object_id.isdigit():
        raise Http404("No such source.")
    source = get_object_or_404(Source, pk=object_id)
    if not model_admin.has_view_permission(request, source):
        raise PermissionDenied
    return source


def quote_panel_data(quotes) -> dict:
    """What the page shows of each quote beside the text, by id."""
    return {
        str(q.pk): {
            "text": q.text, "speaker": str(q.speaker or "Unattributed"), "kind": q.get_kind_display(),
            "cue": q.cue, "status": q.get_review_status_display(),
            "change_url": reverse("admin:claims_quote_change", args=[q.pk]),
            "claim_url": reverse("admin:claims_quote_make_claim", args=[q.pk]),
            "claims": [{"text": c.text, "url": reverse("admin:claims_claim_change", args=[c.pk])}
                       for c in q.claims.all()],
        }
        for q in quotes
    }  # fmt: skip


def _quotes(source: Source):
    return source.quotes.select_related("speaker", "source").prefetch_related("claims")


@require_GET
def annotation_page(request, object_id, *, model_admin):
    source = _source(model_admin, request, object_id)
    quotes = list(_quotes(source))
    may_annotate = request.user.has_perm("claims.add_quote")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Annotate “{source}”",
        "subtitle": None,
        "source": source,
        "opts": Source._meta,
        "legend": LEGEND,
        "body": highlight(source.body, quotes),
        "quotes": quote_panel_data(quotes),
        "may_annotate": may_annotate,
        "may_make_claims": request.user.has_perm("claims.add_claim"),
        "form": AnnotationForm(source=source, admin_site=model_admin.admin_site) if may_annotate else None,
        "media": model_admin.media + forms.Media(js=["claims/annotate.js"]),
    }
    if may_annotate:
        context["media"] += context["form"].media
    return TemplateResponse(request, "admin/claims/source/annotate.html", context)


def _offsets(request, source: Source) -> tuple[int, int] | None:
    try:
        start, end = int(request.GET.get("start", "")), int(request.GET.get("end", ""))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= len(source.body) else None


@require_GET
def selection_guess(request, object_id, *, model_admin):
    """The selection in its paragraph, with the kind, cue and speaker the extractor reads there."""
    source = _source(model_admin, request, object_id)
    offsets = _offsets(request, source)
    if offsets is None:
        return JsonResponse({"detail": f"Give start and end offsets within the body (0 to {len(source.body)})."},
                            status=400)  # fmt: skip
    start, end = offsets
    guess = guess_for_selection(source, start, end, extract(source.body))
    before, after = context_around(source.body, start, end, width=PARAGRAPH)
    speaker, text = guess.speaker, source.body[start:end]
    return JsonResponse({
        "start": start, "end": end, "text": text, "paragraph": [before, text, after],
        "kind": guess.kind, "cue": guess.cue, "speaker_mention": guess.speaker_mention, "role": guess.role,
        "speaker": {"id": speaker.pk, "name": str(speaker)} if speaker else None,
    })  # fmt: skip


@require_POST
def quote_save(request, object_id, *, model_admin):
    """Save the new quote; answer the body marked again and the quote's panel, or the form's errors."""
    source = _source(model_admin, request, object_id)
    if not request.user.has_perm("claims.add_quote"):
        return JsonResponse({"detail": "Your role cannot add quotes."}, status=403)
    form = AnnotationForm(request.POST, source=source, admin_site=model_admin.admin_site)
    if not form.is_valid():
        errors = {field: [error["message"] for error in found] for field, found in form.errors.get_json_data().items()}
        return JsonResponse({"errors": errors}, status=400)
    quote = quote_annotate(quote=form.save(commit=False), user=request.user)
    model_admin.log_addition(request, quote, [{"added": {}}])
    quotes = list(_quotes(source))
    return JsonResponse({"id": quote.pk, "body": highlight(source.body, quotes), "quotes": quote_panel_data(quotes)})
