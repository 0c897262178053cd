"""Rating scales, ratings and reviews: the reviewers' workspace."""

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.base import HTTPS_URLS, VersionedAdmin, VersionedForm
from claims.models import (
    Rating,
    RatingScale,
    Review,
    ReviewCorrection,
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
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="Required when you change the rating or explanation of a published review; readers see it.",
    )  # fmt: skip

    def clean(self):
        """Ask `review_change_refusal` first, so the form shows why a change to a published verdict waits."""
        cleaned = super().clean()
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
    autocomplete_fields = ["claim", "rating", "reviewer"]
    readonly_fields = ["uid", "status", "published_at", "claim_reviewed"]
    date_hierarchy = "published_at"
    formfield_overrides = HTTPS_URLS
    form = ReviewAdminForm
    inlines = [ReviewCorrectionInline]
    actions = ["publish_reviews"]

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
