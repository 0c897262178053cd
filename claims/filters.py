"""One FilterSet per resource: every query parameter the API accepts is listed here."""

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from claims.intervals import Qualifier
from claims.models import Claim, Measure, Quantity, Quote, Review, Source, Speaker


class ValueRangeFilterSet(filters.FilterSet):
    """value_min / value_max select rows whose interval overlaps [value_min, value_max]."""

    # Bounded like Quantity.value (20 digits, 4 after the point), so PostgreSQL can compare them.
    value_min = filters.NumberFilter(
        method="filter_value_range", label="Lowest value of interest (inclusive).", max_digits=24, decimal_places=4
    )
    value_max = filters.NumberFilter(
        method="filter_value_range", label="Highest value of interest (inclusive).", max_digits=24, decimal_places=4
    )

    def filter_value_range(self, queryset, name, value):
        return queryset  # applied once, both bounds together, in filter_queryset

    def value_bounds(self) -> tuple | None:
        low, high = self.form.cleaned_data.get("value_min"), self.form.cleaned_data.get("value_max")
        return None if low is None and high is None else (low, high)

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            low, high = self.form.cleaned_data.get("value_min"), self.form.cleaned_data.get("value_max")
            if low is not None and high is not None and low > high:
                self.form.add_error("value_max", ValidationError("value_max must not be below value_min."))
                return False
        return valid


class SpeakerFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Speaker.Kind.choices)
    organization = filters.CharFilter(field_name="organization__slug", label="Slug of the speaker's organization.")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains", label="Part of the name.")

    class Meta:
        model = Speaker
        fields = ["kind", "organization", "name", "is_private"]


class SourceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    outlet = filters.CharFilter(field_name="outlet__slug", label="Slug of the publishing outlet.")
    language = filters.CharFilter()
    published_after = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")
    title = filters.CharFilter(field_name="title", lookup_expr="icontains", label="Part of the title.")

    class Meta:
        model = Source
        fields = ["kind", "outlet", "language", "published_after", "published_before", "title"]


class QuoteFilter(filters.FilterSet):
    speaker = filters.CharFilter(field_name="speaker__slug", label="Speaker slug.")
    source = filters.CharFilter(field_name="source__slug", label="Source slug.")
    kind = filters.ChoiceFilter(choices=Quote.Kind.choices)
    review_status = filters.ChoiceFilter(choices=Quote.ReviewStatus.choices)
    cue = filters.CharFilter(lookup_expr="iexact")
    stated_after = filters.DateFilter(field_name="stated_on", lookup_expr="gte")
    stated_before = filters.DateFilter(field_name="stated_on", lookup_expr="lte")

    class Meta:
        model = Quote
        fields = ["speaker", "source", "kind", "review_status", "cue", "stated_after", "stated_before"]


class ClaimFilter(ValueRangeFilterSet):
    speaker = filters.CharFilter(field_name="claimant__slug", label="Claimant slug.")
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    topic = filters.CharFilter(method="filter_topic", label="A topic the claim is filed under.")
    source = filters.CharFilter(method="filter_source", label="Slug of a source the claim appears in.")
    measure = filters.CharFilter(method="filter_measure", label="Slug of a measure one of its quantities tracks.")
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields = [
            "speaker",
            "status",
            "topic",
            "source",
            "measure",
            "value_min",
            "value_max",
            "created_after",
            "created_before",
        ]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__contains=[value])

    def filter_source(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(claims=OuterRef("pk"), source__slug=value)))

    def filter_measure(self, queryset, name, value):
        return queryset.filter(Exists(Quantity.objects.filter(claim=OuterRef("pk"), measure__slug=value)))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bounds = self.value_bounds()
        if bounds is not None:  # a claim matches when one of its quantities does
            queryset = queryset.filter(Exists(Quantity.objects.overlapping(*bounds).filter(claim=OuterRef("pk"))))
        return queryset


class QuantityFilter(ValueRangeFilterSet):
    qualifier = filters.ChoiceFilter(choices=Qualifier.choices)
    unit = filters.CharFilter(lookup_expr="iexact")
    measured = filters.CharFilter(lookup_expr="icontains", label="Part of what is counted.")
    measure = filters.CharFilter(field_name="measure__slug", label="Measure slug.")
    claim = filters.NumberFilter(field_name="claim_id", label="Claim id.")
    speaker = filters.CharFilter(field_name="claim__claimant__slug", label="Claimant slug.")

    class Meta:
        model = Quantity
        fields = ["qualifier", "unit", "measured", "measure", "claim", "speaker", "value_min", "value_max"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bounds = self.value_bounds()
        if bounds is not None:
            queryset = queryset.overlapping(*bounds)
        return queryset


class MeasureFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains", label="Part of the name.")
    counted = filters.CharFilter(lookup_expr="icontains", label="Part of what is counted.")

    class Meta:
        model = Measure
        fields = ["name", "counted", "unit"]


class ReviewFilter(filters.FilterSet):
    claim = filters.NumberFilter(field_name="claim_id", label="Claim id.")
    scale = filters.CharFilter(field_name="rating__scale__slug", label="Rating scale slug.")
    rating = filters.CharFilter(field_name="rating__slug", label="Rating slug, e.g. half-true.")
    status = filters.ChoiceFilter(choices=Review.Status.choices)
    speaker = filters.CharFilter(field_name="claim__claimant__slug", label="Claimant slug.")
    published_after = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Review
        fields = ["claim", "scale", "rating", "status", "speaker", "published_after", "published_before"]
