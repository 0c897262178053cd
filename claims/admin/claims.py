"""Claims with their appearances, quantities and workflow; measures and relations between claims."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.base import VersionedAdmin, VersionedForm, in_words, interval_text, shortened
from claims.consistency import measure_report
from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    ClaimStatusChange,
    Measure,
    MeasureRelation,
    Quantity,
    Review,
)
from claims.services import (
    WorkflowError,
    claim_transition,
    claim_update,
    may_move_claims_to,
    rewording_refusal,
)
from claims.validators import SHORT_TEXT_LIMIT


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


def transition_action(to_status: str, description: str, *, from_status: str | None = None):
    """An admin action moving the selected claims to `to_status` through the workflow service (an
    action named for one starting status, like Unpublish, is offered to the roles that may make it)."""

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

    act.__name__, act.move = f"move_to_{to_status}", (from_status, to_status)
    return act


class ClaimAdminForm(VersionedForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=SHORT_TEXT_LIMIT,
        help_text="Required when a reviewer rewords a claim with a published verdict; readers see it.",
    )  # fmt: skip
    user = None  # set by ClaimAdmin.get_form

    class Meta:
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 80})}  # a claim is a sentence or two

    def clean(self):
        cleaned = super().clean()
        if "text" in cleaned:
            refusal = rewording_refusal(self.instance, text=cleaned["text"], user=self.user,
                                        note=cleaned.get("correction_note", ""))  # fmt: skip
            if refusal is not None:
                self.add_error(refusal.field, str(refusal))
        return cleaned


@admin.register(Claim)
class ClaimAdmin(VersionedAdmin):
    list_display = ["text", "claimant", "status", "checkworthiness", "created_at", "flagged"]
    list_filter = ["status", NeedsAttentionFilter, "claimant__kind"]
    list_select_related = ["claimant"]
    search_fields = ["text", "claimant__name", "topics"]
    autocomplete_fields = ["claimant"]
    readonly_fields = ["uid", "status", "reviews_and_verdict", "appearances_in_context", "measure_figures"]
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
        ("Verdict and reviews", {"fields": ["reviews_and_verdict"]}),
        ("The same figures elsewhere", {"fields": ["measure_figures"]}),
        ("Appearances", {"fields": ["appearances_in_context"]}),
        ("Identity", {"fields": ["uid"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a class made for this request: the rewording rule asks who edits
        return form

    def get_actions(self, request):
        """Only the moves the user's role can make: an editor is not offered Publish to be told no."""
        actions = super().get_actions(request)
        moves = {name: func.move for name, (func, *_) in actions.items() if hasattr(func, "move")}
        return {name: action for name, action in actions.items() if name not in moves
                or may_move_claims_to(request.user, moves[name][1], from_status=moves[name][0])}  # fmt: skip

    def save_record(self, request, obj, form) -> None:
        claim_update(claim=obj, changes={}, user=request.user, note=form.cleaned_data.get("correction_note", ""))

    @admin.display(boolean=True, description="Needs attention")
    def flagged(self, claim):
        return bool(claim.needs_attention)

    send_to_review = transition_action(Claim.Status.IN_REVIEW, "Send to review")
    return_to_draft = transition_action(Claim.Status.DRAFT, "Return to draft")
    publish = transition_action(Claim.Status.PUBLISHED, "Publish")
    unpublish = transition_action(
        Claim.Status.IN_REVIEW, "Unpublish (back to review)", from_status=Claim.Status.PUBLISHED
    )
    archive = transition_action(Claim.Status.ARCHIVED, "Archive")

    @admin.display(description="Reviews")
    def reviews_and_verdict(self, claim):
        """The current verdict (the latest published review), every review with its state, and a way to add one."""
        if claim.pk is None:
            return "—"
        reviews = list(claim.reviews.select_related("rating__scale", "reviewer").order_by("-published_at", "-id"))
        verdict = next((r for r in reviews if r.status == Review.Status.PUBLISHED), None)
        add = format_html('<a class="addlink" href="{}?claim={}">Add a review</a>',
                          reverse("admin:claims_review_add"), claim.pk)  # fmt: skip
        head = (format_html('<p class="verdict">Verdict: <strong>{}</strong> on {} ({})</p>', verdict.rating.label,
                            verdict.rating.scale, f"{verdict.published_at:%Y-%m-%d}")
                if verdict else format_html("<p class=\"verdict\">{}</p>", "No published verdict yet."))  # fmt: skip
        rows = format_html_join("", '<li><a href="{}">{}</a> — {}, {}</li>', (
            (reverse("admin:claims_review_change", args=[r.pk]), r.rating.label if r.rating else "Unrated",
             r.get_status_display().lower(), r.reviewer or "no reviewer yet") for r in reviews))  # fmt: skip
        return format_html("{}<ul>{}</ul>{}", head, rows, add)

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
                ((q.speaker or "Unattributed", q.cue or q.get_kind_display(), q.source, *in_words(q)) for q in quotes),
            )
            or "No appearance recorded."
        )


@admin.register(Quantity)
class QuantityAdmin(VersionedAdmin):
    list_display = ["surface", "qualifier", "interval_display", "unit", "measured", "measure", "claim_text"]
    list_filter = ["qualifier", "unit", "measure"]
    list_select_related = ["measure", "claim"]
    search_fields = ["surface", "measured", "claim__text"]
    autocomplete_fields = ["claim", "measure"]
    readonly_fields = ["uid", "interval_display"]

    @admin.display(description="Interval")
    def interval_display(self, quantity):
        return interval_text(quantity) if quantity.pk else "—"

    @admin.display(description="Claim", ordering="claim__text")
    def claim_text(self, quantity):
        return shortened(quantity.claim.text, 12)


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
