"""Rating scales, ratings and reviews: the reviewers' workspace."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.base import HTTPS_URLS, VersionedAdmin, VersionedForm
from claims.admin.widgets import EvidenceField, RatingSelect
from claims.models import (
    Claim,
    ClaimInReview,
    ClaimStatusChange,
    Rating,
    RatingScale,
    Review,
    ReviewCorrection,
    Speaker,
)
from claims.services import (
    WorkflowError,
    may_publish_reviews,
    review_change_refusal,
    review_publish,
    review_update,
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
    """The scale first, then only its ratings (claims/review_form.js filters the list; clean() holds
    the rule without JavaScript); evidence as rows; the publisher an organisation."""

    scale = forms.ModelChoiceField(RatingScale.objects.order_by("name"), required=False,
                                   help_text="Choose the scale first: the ratings below are its own.")  # fmt: skip
    evidence = EvidenceField(required=False, help_text="Each source of the verdict: a link, and what it is. "
                             "A row left blank is dropped; save and continue to get more rows.")  # fmt: skip
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="Required when you change the rating or explanation of a published review; readers see it.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rating = self.fields["rating"]
        rating.queryset = Rating.objects.select_related("scale").order_by("scale__name", "value", "label")
        rating.widget = RatingSelect(choices=rating.choices)
        rating.label_from_instance = lambda r: r.label
        if self.instance.rating_id:
            self.initial.setdefault("scale", self.instance.rating.scale_id)
        publisher = self.fields["publisher"]
        publisher.queryset = Speaker.objects.filter(kind=Speaker.Kind.ORGANIZATION)
        publisher.help_text = "The fact-checking organisation that published it, when not us (imported reviews)."

    def clean(self):
        """Ask `review_change_refusal` first, so the form shows why a change to a published verdict waits."""
        cleaned = super().clean()
        rating, scale = cleaned.get("rating"), cleaned.get("scale")
        if rating is not None and scale is not None and rating.scale_id != scale.pk:
            self.add_error("rating", f"“{rating.label}” is not a rating of {scale}; choose one of its own.")
        if self.instance.pk is None or "claim" not in cleaned:
            return cleaned
        stored = Review.objects.get(pk=self.instance.pk)
        refusal = review_change_refusal(stored, claim_id=cleaned["claim"].pk, rating=cleaned.get("rating"),
                                        explanation=cleaned.get("explanation", ""),
                                        note=cleaned.get("correction_note", ""))  # fmt: skip
        if refusal is not None:
            self.add_error(refusal.field if refusal.field in self.fields else None, str(refusal))
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
    autocomplete_fields = ["claim", "reviewer"]
    fieldsets = [
        (None, {"fields": ["claim", "scale", "rating", "explanation", "evidence", "correction_note"]}),
        ("Publication", {"fields": ["status", "published_at", "url", "publisher", "reviewer"]}),
        ("As rated", {"fields": ["claim_reviewed", "uid"]}),
    ]
    readonly_fields = ["uid", "status", "published_at", "claim_reviewed"]
    date_hierarchy = "published_at"
    formfield_overrides = HTTPS_URLS
    form = ReviewAdminForm
    inlines = [ReviewCorrectionInline]
    actions = ["publish_reviews"]

    class Media:
        js = ["claims/review_form.js"]

    def has_publish_permission(self, request) -> bool:
        return may_publish_reviews(request.user)

    @admin.action(description="Publish", permissions=["publish"])
    def publish_reviews(self, request, queryset):
        for review in queryset:
            try:
                review_publish(review=review, user=request.user)
                self.message_user(request, f"Published the review of “{review.claim}”.")
            except WorkflowError as error:
                self.message_user(request, f"“{review.claim}”: {error}", messages.ERROR)

    def save_record(self, request, obj, form) -> None:
        review_update(review=obj, changes={}, user=request.user, note=form.cleaned_data.get("correction_note", ""))


@admin.register(ClaimInReview)
class ReviewQueueAdmin(admin.ModelAdmin):
    """What waits for a reviewer: claims in review, the longest waiting first, with who sent them and when."""

    list_display = ["claim", "claimant", "sent_by", "sent_at"]
    list_display_links = None
    list_select_related = ["claimant"]
    search_fields = ["text", "claimant__name"]

    def get_queryset(self, request):
        sent = ClaimStatusChange.objects.filter(claim=OuterRef("pk"), to_status=Claim.Status.IN_REVIEW).order_by(
            "-changed_at", "-id"
        )
        return (
            super()
            .get_queryset(request)
            .filter(status=Claim.Status.IN_REVIEW)
            .annotate(
                sent_at=Subquery(sent.values("changed_at")[:1]),
                sent_by=Subquery(sent.values("changed_by__username")[:1]),
            )
        )

    def get_ordering(self, request):
        return [F("sent_at").asc(nulls_first=True), "id"]  # the list's order, over the model's newest first

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("claims.view_claim")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        title = "Review queue: claims waiting for a reviewer, the longest waiting first"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.display(description="Claim", ordering="text")
    def claim(self, claim):
        return format_html('<a href="{}">{}</a>', reverse("admin:claims_claim_change", args=[claim.pk]), claim.text)

    @admin.display(description="Sent by")
    def sent_by(self, claim):
        return claim.sent_by or "—"

    @admin.display(description="Sent for review", ordering="sent_at")
    def sent_at(self, claim):
        return claim.sent_at
