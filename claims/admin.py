"""The editors' and reviewers' workspace. Declarative; rules live in models and services."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from claims.consistency import bounds, measure_report
from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    ClaimStatusChange,
    Measure,
    MeasureRelation,
    Quantity,
    Quote,
    Rating,
    RatingScale,
    Review,
    ReviewCorrection,
    Source,
    Speaker,
)
from claims.services import (
    WorkflowError,
    claim_transition,
    quotes_review,
    record_rewording,
    review_correct,
    review_publish,
    rewording_refusal,
    source_extract_suggestions,
    source_update_body,
    verdict_change_refusal,
    verdict_changed,
)
from claims.validators import SHORT_TEXT_LIMIT

# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def highlight(body: str, quotes) -> str:
    """Return the body as HTML with each quote wrapped in a <mark> (overlaps are merged)."""
    pieces, position = [], 0
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if quote.start < position:  # nested or overlapping quote: its text is already marked
            continue
        pieces.append(escape(body[position : quote.start]))
        pieces.append(
            format_html(
                '<mark class="quote quote-{} quote-{}" title="{} ({}, {})">{}</mark>',
                quote.kind,
                quote.review_status,
                quote.speaker or "Unattributed",
                quote.get_kind_display(),
                quote.get_review_status_display(),
                body[quote.start : quote.end],
            )
        )
        position = quote.end
    pieces.append(escape(body[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened; saving over a newer one is refused, not silent."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edited_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("edited_version")
        if self.instance.pk is not None and opened is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            if current.first() != opened:
                raise forms.ValidationError(
                    f"This {self.instance._meta.verbose_name} was changed since you opened it (by someone else or "
                    "in another tab). Your edits were not saved: reload the page to see the current version."
                )
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any("edited_version" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "edited_version"]}), *rest]

    def save_model(self, request, obj, form, change):
        obj.expected_version = form.cleaned_data.get("edited_version") if change else None
        super().save_model(request, obj, form, change)


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
        css = {"all": ["claims/admin.css"]}
        js = ["claims/quote_selection.js"]

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
            '<div class="source-body" data-add-quote-url="{}">{}</div>',
            add_quote,
            highlight(source.body, source.quotes.select_related("speaker")),
        )


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["__str__", "speaker", "kind", "cue", "source", "review_status", "anchor_status"]
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

    class Media:
        css = {"all": ["claims/admin.css"]}

    @admin.action(description="Confirm the selected suggestions")
    def confirm_suggestions(self, request, queryset):
        count = quotes_review(quotes=queryset, status=Quote.ReviewStatus.CONFIRMED, user=request.user)
        self.message_user(request, f"{count} quote(s) confirmed.")

    @admin.action(description="Reject the selected suggestions")
    def reject_suggestions(self, request, queryset):
        count = quotes_review(quotes=queryset, status=Quote.ReviewStatus.REJECTED, user=request.user)
        self.message_user(request, f"{count} quote(s) rejected.")

    @admin.display(description="In context")
    def in_context(self, quote):
        if quote.pk is None:
            return "—"
        return format_html(
            '<div class="source-body">{}<mark class="quote">{}</mark>{}</div>', quote.prefix, quote.exact, quote.suffix
        )


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fields = ["quote"]
    autocomplete_fields = ["quote"]
    extra = 0
    verbose_name = "appearance"


class QuantityInline(admin.TabularInline):
    model = Quantity
    fields = ["surface", "qualifier", "value", "value_to", "interval_display", "unit", "measured", "measure", "as_of"]
    readonly_fields = ["interval_display"]
    autocomplete_fields = ["measure"]
    extra = 0

    @admin.display(description="Interval")
    def interval_display(self, quantity):
        return interval_text(quantity) if quantity.pk else "—"


def interval_text(quantity) -> str:
    return bounds(quantity).replace("-inf", "−∞").replace("+inf", "+∞")


class ClaimStatusChangeInline(admin.TabularInline):
    model = ClaimStatusChange
    fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Workflow history"

    def has_add_permission(self, request, obj=None):
        return False


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(needs_attention="")
        if self.value() == "no":
            return queryset.filter(needs_attention="")
        return queryset


def transition_action(to_status: str, description: str):
    """An admin action moving the selected claims to `to_status` through the workflow service."""

    @admin.action(description=description)
    def act(modeladmin, request, queryset):
        moved = 0
        for claim in queryset:
            try:
                claim_transition(claim=claim, to_status=to_status, user=request.user)
                moved += 1
            except WorkflowError as error:
                modeladmin.message_user(request, f"“{claim}”: {error}", messages.ERROR)
        if moved:
            modeladmin.message_user(request, f"{moved} claim(s) moved to {to_status.replace('_', ' ')}.")

    act.__name__ = f"move_to_{to_status}"
    return act


class ClaimAdminForm(VersionedForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=SHORT_TEXT_LIMIT,
        help_text="Required when a reviewer rewords a claim with a published verdict; readers see it.",
    )  # fmt: skip
    user = None  # set by ClaimAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        if "text" in cleaned:
            refusal = rewording_refusal(self.instance, text=cleaned["text"], user=self.user,
                                        note=cleaned.get("correction_note", ""))  # fmt: skip
            if refusal is not None:
                self.add_error("correction_note" if not refusal.permission else "text", str(refusal))
        return cleaned


@admin.register(Claim)
class ClaimAdmin(VersionedAdmin):
    list_display = ["text", "claimant", "status", "checkworthiness", "created_at", "flagged"]
    list_filter = ["status", NeedsAttentionFilter, "claimant__kind"]
    list_select_related = ["claimant"]
    search_fields = ["text", "claimant__name", "topics"]
    autocomplete_fields = ["claimant"]
    readonly_fields = ["uid", "status", "appearances_in_context", "measure_figures"]
    form = ClaimAdminForm
    inlines = [AppearanceInline, QuantityInline, ClaimStatusChangeInline]
    actions = ["send_to_review", "return_to_draft", "publish", "unpublish", "archive"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "text",
                    "correction_note",
                    "claimant",
                    "status",
                    "topics",
                    "checkworthiness",
                    "needs_attention",
                ]
            },
        ),  # fmt: skip
        ("The same figures elsewhere", {"fields": ["measure_figures"]}),
        ("Appearances", {"fields": ["appearances_in_context"]}),
        ("Identity", {"fields": ["uid"]}),
    ]

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a class made for this request: the rewording rule asks who edits
        return form

    def save_model(self, request, obj, form, change):
        old_text = form.initial.get("text", obj.text) if change else obj.text
        super().save_model(request, obj, form, change)
        if change and obj.text != old_text:
            record_rewording(obj, old_text=old_text, user=request.user, note=form.cleaned_data["correction_note"])

    @admin.display(boolean=True, description="Needs attention")
    def flagged(self, claim):
        return bool(claim.needs_attention)

    send_to_review = transition_action(Claim.Status.IN_REVIEW, "Send to review")
    return_to_draft = transition_action(Claim.Status.DRAFT, "Return to draft")
    publish = transition_action(Claim.Status.PUBLISHED, "Publish")
    unpublish = transition_action(Claim.Status.IN_REVIEW, "Unpublish (back to review)")
    archive = transition_action(Claim.Status.ARCHIVED, "Archive")

    @admin.display(description="Figures of the same measures")
    def measure_figures(self, claim):
        """The claim's measures, their other figures on a timeline, and whether they can all be true."""
        if claim.pk is None:
            return "—"
        blocks = []
        for measure in {q.measure for q in claim.quantities.select_related("measure") if q.measure}:
            report = measure_report(measure, Quantity.objects.all())
            rows = format_html_join("", "<li>{} {} — {}, interval {}</li>", (
                (q.as_of or "undated", q.surface, q.claim.claimant or "unattributed", interval_text(q))
                for q in report.timeline))  # fmt: skip
            verdict = "consistent" if report.consistent else "; ".join(c.reason for c in report.conflicts)
            blocks.append(format_html("<p><strong>{}</strong>: {}</p><ul>{}</ul>", measure, verdict, rows))
        return mark_safe("".join(blocks)) if blocks else "No quantity of this claim tracks a measure."

    @admin.display(description="Where it appears")
    def appearances_in_context(self, claim):
        if claim.pk is None:
            return "—"
        quotes = claim.appearances.select_related("source", "speaker").order_by("stated_on", "source__published_at")
        return (
            format_html_join(
                "",
                '<div class="source-body"><strong>{}</strong> ({}) in <em>{}</em>: '
                '{}<mark class="quote">{}</mark>{}</div>',
                (
                    (q.speaker or "Unattributed", q.cue or q.get_kind_display(), q.source, q.prefix, q.exact, q.suffix)
                    for q in quotes
                ),
            )
            or "No appearance recorded."
        )


@admin.register(Quantity)
class QuantityAdmin(VersionedAdmin):
    list_display = ["surface", "qualifier", "value", "interval_display", "unit", "measured", "measure", "claim"]
    list_filter = ["qualifier", "unit", "measure"]
    list_select_related = ["measure", "claim"]
    search_fields = ["surface", "measured", "claim__text"]
    autocomplete_fields = ["claim", "measure"]
    readonly_fields = ["uid", "interval_display"]

    @admin.display(description="Interval")
    def interval_display(self, quantity):
        return interval_text(quantity) if quantity.pk else "—"


class MeasureQuantityInline(admin.TabularInline):
    model = Quantity
    fields = ["surface", "claim", "as_of", "unit"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class MeasureRelationInline(admin.TabularInline):
    model = MeasureRelation
    fk_name = "smaller"
    fields = ["larger", "note"]
    autocomplete_fields = ["larger"]
    extra = 0
    verbose_name = "never exceeds"
    verbose_name_plural = "Never exceeds (e.g. released <= detained)"


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "object", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["subject", "object", "created_by"]
    search_fields = ["subject__text", "object__text", "note"]
    autocomplete_fields = ["subject", "object"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(Measure)
class MeasureAdmin(VersionedAdmin):
    list_display = ["name", "slug", "counted", "unit"]
    search_fields = ["name", "slug", "counted", "event"]
    list_filter = ["unit"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MeasureRelationInline, MeasureQuantityInline]
    readonly_fields = ["consistency"]

    @admin.display(description="Consistency")
    def consistency(self, measure):
        """Whether all the figures for this measure can be true, and the pairs that cannot."""
        if measure.pk is None:
            return "—"
        report = measure_report(measure, Quantity.objects.all())
        if report.consistent:
            return f"Consistent: the {len(report.timeline)} figure(s) can all be true."
        return format_html(
            "<strong>{} conflict(s):</strong><ul>{}</ul>",
            report.conflict_count,
            format_html_join("", "<li>{}</li>", ((c.reason,) for c in report.conflicts)),
        )


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["label", "slug", "value", "description"]
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "worst_value", "best_value"]
    search_fields = ["name", "slug"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["label", "scale", "value"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "slug", "scale__name"]
    autocomplete_fields = ["scale"]


class ReviewAdminForm(VersionedForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="Required when you change the rating or explanation of a published review; readers see it.",
    )  # fmt: skip
    verdict_changed = False

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored = Review.objects.get(pk=self.instance.pk)
        verdict = {"rating": cleaned.get("rating"), "explanation": cleaned.get("explanation", "")}
        self.verdict_changed = verdict_changed(stored, **verdict)
        refusal = verdict_change_refusal(stored, **verdict, note=cleaned.get("correction_note", ""))
        if refusal is not None:
            self.add_error("correction_note", str(refusal))
        return cleaned


class ReviewCorrectionInline(admin.TabularInline):
    model = ReviewCorrection
    fields = ["corrected_at", "old_rating", "new_rating", "old_explanation", "old_claim_reviewed", "note",
              "corrected_by"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(VersionedAdmin):
    list_display = ["claim", "rating", "status", "reviewer", "published_at"]
    list_filter = ["status", "rating__scale", "rating"]
    list_select_related = ["claim", "rating__scale", "reviewer"]
    search_fields = ["claim__text", "explanation", "url"]
    autocomplete_fields = ["claim", "rating", "reviewer"]
    readonly_fields = ["uid", "status", "published_at", "claim_reviewed"]
    date_hierarchy = "published_at"
    formfield_overrides = HTTPS_URLS
    form = ReviewAdminForm
    inlines = [ReviewCorrectionInline]
    actions = ["publish_reviews"]

    @admin.action(description="Publish")
    def publish_reviews(self, request, queryset):
        for review in queryset:
            try:
                review_publish(review=review, user=request.user)
                self.message_user(request, f"Published the review of “{review.claim}”.")
            except WorkflowError as error:
                self.message_user(request, f"“{review.claim}”: {error}", messages.ERROR)

    def save_model(self, request, obj, form, change):
        old = Review.objects.filter(pk=obj.pk).values("rating_id", "explanation").first() if change else None
        super().save_model(request, obj, form, change)
        if old and form.verdict_changed:
            review_correct(review=obj, old_rating_id=old["rating_id"], old_explanation=old["explanation"],
                           user=request.user, note=form.cleaned_data["correction_note"])  # fmt: skip
