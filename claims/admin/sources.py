"""Speakers, sources and quotes: the annotation workspace."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from claims.admin.annotation import LEGEND, annotation_urls, highlight
from claims.admin.base import HTTPS_URLS, VersionedAdmin, in_words, shortened
from claims.models import (
    Quote,
    Source,
    Speaker,
)
from claims.services import (
    WorkflowError,
    claim_from_quote,
    quotes_review,
    source_extract_suggestions,
    source_update_body,
)


@admin.register(Speaker)
class SpeakerAdmin(VersionedAdmin):
    list_display = ["name", "slug", "kind", "organization", "is_private"]
    list_filter = ["kind", "is_private"]
    list_select_related = ["organization"]
    search_fields = ["name", "slug", "aliases", "description"]
    autocomplete_fields = ["organization"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "organization", "description"]}),
        ("Identity", {"fields": ["aliases", "wikidata_id", "is_private"]}),
    ]


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["text", "kind", "speaker", "cue", "start", "end", "review_status"]
    autocomplete_fields = ["speaker"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "source")


@admin.register(Source)
class SourceAdmin(VersionedAdmin):
    list_display = ["title", "slug", "kind", "outlet", "published_at", "quote_count"]
    list_filter = ["kind", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "slug", "url", "body"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_at"
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["highlighted_body", "body_sha256"]
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "outlet", "authors", "published_at", "language"]}),
        ("Provenance", {"fields": ["url", "archive_url", "retrieved_at", "body_sha256"]}),
        ("Body with its quotes", {"fields": ["highlighted_body"]}),
        ("Body text", {"fields": ["body"], "classes": ["collapse"]}),
    ]

    actions = ["extract_suggestions"]

    class Media:
        js = ["claims/quote_selection.js"]

    def get_urls(self):
        return annotation_urls(self) + super().get_urls()

    def save_model(self, request, obj, form, change):
        if change and "body" in form.changed_data:  # re-anchor the quotes on the new text
            report = source_update_body(
                source=obj, body=obj.body, expected_version=form.cleaned_data.get("edited_version")
            )
            self.message_user(request, report.summary(), messages.WARNING if report.flagged_claims else messages.INFO)
            form.cleaned_data["edited_version"] = None  # checked by the body update
        super().save_model(request, obj, form, change)

    @admin.action(description="Extract quote suggestions", permissions=["change"])
    def extract_suggestions(self, request, queryset):
        for source in queryset:
            report = source_extract_suggestions(source=source)
            self.message_user(request, f"{source}: {report.summary()}", messages.SUCCESS)

    @admin.display(description="Quotes")
    def quote_count(self, source):
        return source.quotes.count()

    @admin.display(description="Body")
    def highlighted_body(self, source):
        if source.pk is None:
            return "—"
        add_quote = (
            reverse("admin:claims_quote_add")
            + "?"
            + urlencode({"source": source.pk, "kind": Quote.Kind.DIRECT, "review_status": Quote.ReviewStatus.CONFIRMED})
        )
        return format_html(
            '{}<div class="source-body" data-add-quote-url="{}" data-quote-url="{}">{}</div>',
            LEGEND,
            add_quote,
            reverse("admin:claims_quote_changelist"),  # a mark's quote: <this>/<id>/change/
            highlight(source.body, source.quotes.select_related("speaker")),
        )


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["quote_text", "speaker", "kind", "cue", "source_title", "status"]
    list_filter = ["kind", "review_status", "anchor_status", "source"]
    actions = ["confirm_suggestions", "reject_suggestions"]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "speaker__name", "speaker_mention", "cue", "source__title"]
    autocomplete_fields = ["source", "speaker"]
    readonly_fields = ["uid", "prefix", "suffix", "in_context"]
    fieldsets = [
        (None, {"fields": ["source", "speaker", "text", "kind", "review_status"]}),
        ("Attribution", {"fields": ["cue", "speaker_mention", "role", "stated_on", "context"]}),
        ("Anchor", {"fields": ["start", "end", "in_context", "prefix", "suffix", "anchor_status"]}),
        ("Provenance", {"fields": ["uid", "extracted_by", "confidence"]}),
    ]

    def get_urls(self):
        make_claim = path("<path:object_id>/make-claim/", self.admin_site.admin_view(self.make_claim_view),
                          name="claims_quote_make_claim")  # fmt: skip
        return [make_claim, *super().get_urls()]

    def make_claim_view(self, request, object_id):
        """POST: a draft claim from the quote (see `claim_from_quote`), opened for the editor to finish."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        quote = self.get_object(request, object_id)
        if quote is None or not self.has_view_permission(request, quote):
            raise Http404("No such quote.")
        try:
            claim = claim_from_quote(quote=quote, user=request.user)
        except WorkflowError as error:
            raise PermissionDenied(str(error)) from error
        self.log_addition(request, claim, [{"added": {}}])
        figures = ", ".join(quantity.surface for quantity in claim.quantities.all()) or "no figures"
        self.message_user(request, f"Draft claim made from the quote, with {figures} read from its words: check "
                                   "the wording and the figures.")  # fmt: skip
        return redirect("admin:claims_claim_change", claim.pk)

    @admin.display(description="Quote", ordering="text")
    def quote_text(self, quote):
        return shortened(quote.text, 40)

    @admin.display(description="Status", ordering="review_status")
    def status(self, quote):
        """The review status, and the anchor's when the text moved under it (one column, to fit)."""
        if quote.anchor_status == Quote.AnchorStatus.EXACT:
            return quote.get_review_status_display()
        return f"{quote.get_review_status_display()}; {quote.get_anchor_status_display().lower()}"

    @admin.display(description="Source", ordering="source__title")
    def source_title(self, quote):
        return shortened(quote.source.title, 6)

    @admin.action(description="Confirm the selected suggestions")
    def confirm_suggestions(self, request, queryset):
        count, refused = quotes_review(quotes=queryset, status=Quote.ReviewStatus.CONFIRMED, user=request.user)
        self.message_user(request, f"{count} quote(s) confirmed.")
        if refused:
            self.message_user(request, f"{refused} direct or partial quote(s) left as suggestions: choose who said "
                                       "them first.", messages.WARNING)  # fmt: skip

    @admin.action(description="Reject the selected suggestions")
    def reject_suggestions(self, request, queryset):
        count, _ = quotes_review(quotes=queryset, status=Quote.ReviewStatus.REJECTED, user=request.user)
        self.message_user(request, f"{count} quote(s) rejected.")

    @admin.display(description="In context")
    def in_context(self, quote):
        if quote.pk is None:
            return "—"
        return format_html('<div class="source-body">{}<mark class="quote">{}</mark>{}</div>', *in_words(quote))
