"""One FilterSet per resource: every query parameter the API accepts is listed here."""

import copy
from datetime import UTC
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.utils.text import slugify
from django_filters.fields import IsoDateTimeField
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter

from claims.api.permissions import can_see_unpublished
from claims.intervals import Qualifier
from claims.models import Claim, ClaimRelation, Measure, Quantity, Quote, Review, Source, Speaker
from claims.privacy import public_search

VALUE_LIMIT = Decimal("1e16")
COMPARED_PLACES = Decimal("1e-10")


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, in UTC (PostgreSQL refuses offsets of 16 hours or more); one that has no
    UTC time within the years 1 to 9999 ("0001-01-01T00:00+14:00") is an invalid value."""

    def to_python(self, value):
        instant = super().to_python(value)
        try:
            return instant.astimezone(UTC) if instant else instant
        except OverflowError as error:
            raise ValidationError("Give an instant between the years 1 and 9999 in UTC.", code="invalid") from error


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class StrictBooleanField(forms.CharField):
    """true/false (or 1/0); anything else is an error rather than a filter silently dropped."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        value = super().to_python(value).lower()
        if value == "":
            return None
        if value not in self.VALUES:
            raise ValidationError("Give true or false.", code="invalid")
        return self.VALUES[value]


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "integer"})
class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField


@extend_schema_field({"type": "number", "minimum": -1e16, "maximum": 1e16})
class ValueFilter(filters.NumberFilter):
    """A number within Quantity.value's range (20 digits, 4 of them after the point)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=-VALUE_LIMIT, max_value=VALUE_LIMIT, **kwargs)


class SpeakerSlugFilter(filters.CharFilter):
    """A speaker's slug, written as the importers write it ("Beto_O'Rourke" finds "beto_orourke")."""

    def filter(self, qs, value):
        if value and not can_see_unpublished(self.parent.request):
            # A private speaker is no one to the public: their slug finds what an unknown one finds.
            qs = qs.filter(**{self.field_name.removesuffix("__slug") + "__in": Speaker.objects.public()})
        return super().filter(qs, slugify(value, allow_unicode=True) or value if value else value)


class RatingSlugFilter(filters.CharFilter):
    """A rating slug; the LIAR dataset's labels are accepted for the six-level scale's."""

    LIAR_ALIASES = {"barely-true": "mostly-false", "pants-fire": "pants-on-fire"}

    def filter(self, qs, value):
        return super().filter(qs, self.LIAR_ALIASES.get(value, value))


class FilterForm(forms.Form):
    """A form with shallow copies of its class's fields, where Django deep-copies each one (its
    widget, choices and messages) for every form: nothing changes a filter form's fields per request."""

    def __init__(self, *args, field_order=None, **kwargs):
        fields, self.base_fields = self.base_fields, {}  # nothing for super() to deep-copy
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.fields = {name: copy.copy(field) for name, field in fields.items()}
        self.order_fields(self.field_order if field_order is None else field_order)


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, with less work on every request.

    The filters here are declared on the class and never change per request, so neither does the
    form class: it is built once, on FilterForm. Building it cost about a millisecond a list
    request. And each FilterSet takes shallow copies of the filters, where django-filter
    deep-copies every one (their choices, labels and options): the only state a filter takes per
    request is its model and its FilterSet, set here on the copy.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        base_filters, self.base_filters = self.base_filters, {}  # nothing for super() to deep-copy
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters
        self.filters = {name: self._copy(filter_) for name, filter_ in base_filters.items()}

    def _copy(self, filter_: filters.Filter) -> filters.Filter:
        copied = copy.copy(filter_)
        copied.model, copied.parent, copied.extra = self.queryset.model, self, dict(filter_.extra)
        if copied.method is not None:  # call the method of this FilterSet, not of the one copied from
            copied.filter = FilterMethod(copied)
        return copied

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            fields = {name: filter_.field for name, filter_ in self.filters.items()}
            # A Meta.form comes first, so that its __init__ sees (and may change) the form's fields.
            bases = (FilterForm,) if self._meta.form is forms.Form else (self._meta.form, FilterForm)
            cls._form_class = type(f"{cls.__name__}Form", bases, fields)
            for field in cls._form_class.base_fields.values():
                if "invalid_choice" in field.error_messages:
                    field.error_messages = {**field.error_messages, "invalid_choice": _choices_message(field)}
        return cls._form_class


def _choices_message(field) -> str:
    """An unknown choice's message, naming the choices and not the value: an error never repeats a
    reader's input (redacted, it would tell that a private name exists)."""
    values = [str(value) for value, _ in getattr(field, "choices", ()) if value not in ("", None)]
    return f"Select one of: {', '.join(values)}." if values else "Select a valid choice."


# How search snippets are cut and marked; claims.api.claim_json writes the claims' snippets the same way.
HEADLINE = {"config": "english", "start_sel": "<mark>", "stop_sel": "</mark>", "max_words": 35, "min_words": 15}


def searchable(value: str | None, request) -> str | None:
    """What a reader searches for: readers without a role cannot find anyone by a private name.
    Worked out once per request and value: the filter, the rank and the snippet all ask."""
    if can_see_unpublished(request):
        return value
    memo = vars(request).setdefault("_public_search", {})
    if value not in memo:
        memo[value] = public_search(value)
    return memo[value]


def search_query(value) -> SearchQuery:
    """What `q` searches for (web-search syntax, English stemming): the filter matches with it and
    every snippet marks it, in the serializer's rows and in the SQL-built ones (claims.api.claim_json)."""
    return SearchQuery(value, search_type="websearch", config=HEADLINE["config"])


class FullTextFilterSet(FilterSet):
    """`q`: full-text search in web-search syntax; adds `rank` and a highlighted `snippet`."""

    q = filters.CharFilter(
        method="filter_q", max_length=200,
        label='Full-text search: words, "exact phrase", -excluded, either or other (at most 200 characters).',
    )  # fmt: skip
    headline_field = "text"
    date_ordering: tuple = ("-created_at", "-id")

    def search_words(self) -> str | None:
        """What `q` searched for, as filter_q searched (None without a search): the snippets mark it."""
        return searchable(self.form.cleaned_data.get("q") or None, self.request)

    def filter_q(self, queryset, name, value):
        query = search_query(searchable(value, self.request))
        headline = SearchHeadline(self.headline_field, query, **HEADLINE)
        # Newest first unless ?ordering= says otherwise (e.g. ordering=-rank).
        return (
            queryset.filter(search=query)
            .annotate(rank=SearchRank(F("search"), query), snippet=headline)
            .order_by(*self.date_ordering)
        )


class ValueRangeFilterSet(FilterSet):
    """value_min / value_max select rows whose interval overlaps [value_min, value_max].

    A value_max below value_min is an empty range, which overlaps nothing.
    """

    # Any number within Quantity.value's range; compared at 10 decimal places, rounded outward.
    value_min = ValueFilter(method="filter_value_range", label="Lowest value of interest (inclusive).")
    value_max = ValueFilter(method="filter_value_range", label="Highest value of interest (inclusive).")

    def filter_value_range(self, queryset, name, value):
        return queryset  # applied once, both bounds together, in filter_queryset

    def value_bounds(self) -> tuple | None:
        low, high = self.form.cleaned_data.get("value_min"), self.form.cleaned_data.get("value_max")
        if low is None and high is None:
            return None
        # Stored values have 4 decimal places and intervals a few more: 10 places lose nothing.
        low = None if low is None else low.quantize(COMPARED_PLACES, rounding=ROUND_FLOOR)
        high = None if high is None else high.quantize(COMPARED_PLACES, rounding=ROUND_CEILING)
        return low, high


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the FilterSet it built on the view (`view.filterset`): the view
    reads what the FilterSet cleaned rather than the request again."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class SearchAwareOrderingFilter(OrderingFilter):
    """`ordering=` with a stable tiebreak (the id), so equal values never shuffle rows between pages.

    `ordering=rank` needs a search: without `q` there is no rank to order by, so it is ignored. A
    field that is not offered is a 400 naming those that are, like any other bad parameter.
    """

    def remove_invalid_fields(self, queryset, fields, view, request):
        offered = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        if any(term.strip().lstrip("-") not in offered for term in fields):  # named not, as no 400 echoes a value
            raise exceptions.ValidationError({self.ordering_param: [
                f"Order by one of: {', '.join(offered)} (prefix - for descending), comma-separated."
            ]})  # fmt: skip
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        return [f for f in valid if f.lstrip("-") != "rank" or "rank" in queryset.query.annotations]

    def get_schema_operation_parameters(self, view):
        """The fields offered, as the schema's enum: a comma-separated list of them, each maybe prefixed by -."""
        [parameter] = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, (list, tuple)):
            terms = [term for field in fields for term in (field, f"-{field}")]
            parameter.update(schema={"type": "array", "items": {"type": "string", "enum": terms}},
                             style="form", explode=False)  # fmt: skip
        return [parameter]

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(term.lstrip("-") in {"id", "pk"} for term in ordering):
            ordering = [*ordering, "-id"]
        return ordering


class SpeakerFilter(FilterSet):
    kind = filters.ChoiceFilter(choices=Speaker.Kind.choices)
    organization = filters.CharFilter(field_name="organization__slug", label="Slug of the speaker's organization.")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains", label="Part of the name.")
    is_private = StrictBooleanFilter(label="Private individuals only (true) or none of them (false).")

    class Meta:
        model = Speaker
        fields = ["kind", "organization", "name", "is_private"]


class SourceFilter(FullTextFilterSet):
    headline_field = "body"
    date_ordering = (F("published_at").desc(nulls_last=True), "-id")

    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    outlet = filters.CharFilter(field_name="outlet__slug", label="Slug of the publishing outlet.")
    language = filters.CharFilter()
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    title = filters.CharFilter(field_name="title", lookup_expr="icontains", label="Part of the title.")

    class Meta:
        model = Source
        fields = ["kind", "outlet", "language", "published_after", "published_before", "title"]


class QuoteFilter(FullTextFilterSet):
    date_ordering = (F("stated_on").desc(nulls_last=True), "-created_at", "-id")
    speaker = SpeakerSlugFilter(field_name="speaker__slug", label="Speaker slug.")
    source = filters.CharFilter(field_name="source__slug", label="Source slug.")
    kind = filters.ChoiceFilter(choices=Quote.Kind.choices)
    review_status = filters.ChoiceFilter(choices=Quote.ReviewStatus.choices)
    cue = filters.CharFilter(lookup_expr="iexact")
    stated_after = filters.DateFilter(field_name="stated_on", lookup_expr="gte")
    stated_before = filters.DateFilter(field_name="stated_on", lookup_expr="lte")

    class Meta:
        model = Quote
        fields = ["speaker", "source", "kind", "review_status", "cue", "stated_after", "stated_before"]


class ClaimFilter(FullTextFilterSet, ValueRangeFilterSet):
    speaker = SpeakerSlugFilter(field_name="claimant__slug", label="Claimant slug.")
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    topic = filters.CharFilter(method="filter_topic", label="A topic the claim is filed under.")
    source = filters.CharFilter(method="filter_source", label="Slug of a source the claim appears in.")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    # A claim matches these when one of its quantities matches all of them (and value_min/value_max).
    measure = filters.CharFilter(method="filter_quantity", label="Slug of the measure one of its quantities tracks.")
    qualifier = filters.ChoiceFilter(choices=Qualifier.choices, method="filter_quantity")
    unit = filters.CharFilter(method="filter_quantity", label="Unit of one of its quantities.")
    measured = filters.CharFilter(method="filter_quantity", label="Part of what one of its quantities counts.")

    QUANTITY_LOOKUPS = {"measure": "measure__slug", "qualifier": "qualifier", "unit": "unit__iexact",
                        "measured": "measured__icontains"}  # fmt: skip

    class Meta:
        model = Claim
        fields = ["q", "speaker", "status", "topic", "source", "measure", "qualifier", "unit", "measured",
                  "value_min", "value_max", "created_after", "created_before"]  # fmt: skip

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__contains=[value])

    def filter_source(self, queryset, name, value):
        # Through the quotes the reader may see: a suggested quote is not yet an appearance to the public.
        quotes = Quote.objects.visible_to(getattr(self.request, "user", None))
        return queryset.filter(Exists(quotes.filter(claims=OuterRef("pk"), source__slug=value)))

    def filter_quantity(self, queryset, name, value):
        return queryset  # applied once, all quantity conditions together, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        conditions = {lookup: data[name] for name, lookup in self.QUANTITY_LOOKUPS.items() if data.get(name)}
        bounds = self.value_bounds()
        if conditions or bounds is not None:
            quantities = Quantity.objects.filter(claim=OuterRef("pk"), **conditions)
            if bounds is not None:
                quantities = quantities.overlapping(*bounds)
            queryset = queryset.filter(Exists(quantities))
        return queryset


class QuantityFilter(ValueRangeFilterSet):
    qualifier = filters.ChoiceFilter(choices=Qualifier.choices)
    unit = filters.CharFilter(lookup_expr="iexact")
    measured = filters.CharFilter(lookup_expr="icontains", label="Part of what is counted.")
    measure = filters.CharFilter(field_name="measure__slug", label="Measure slug.")
    claim = IdFilter(field_name="claim_id", label="Claim id.")
    speaker = SpeakerSlugFilter(field_name="claim__claimant__slug", label="Claimant slug.")

    class Meta:
        model = Quantity
        fields = ["qualifier", "unit", "measured", "measure", "claim", "speaker", "value_min", "value_max"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bounds = self.value_bounds()
        if bounds is not None:
            queryset = queryset.overlapping(*bounds)
        return queryset


class MeasureFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains", label="Part of the name.")
    counted = filters.CharFilter(lookup_expr="icontains", label="Part of what is counted.")

    class Meta:
        model = Measure
        fields = ["name", "counted", "unit"]


class ReviewFilter(FilterSet):
    claim = IdFilter(field_name="claim_id", label="Claim id.")
    scale = filters.CharFilter(field_name="rating__scale__slug", label="Rating scale slug.")
    rating = RatingSlugFilter(field_name="rating__slug", label="Rating slug, e.g. half-true.")
    status = filters.ChoiceFilter(choices=Review.Status.choices)
    speaker = SpeakerSlugFilter(field_name="claim__claimant__slug", label="Claimant slug.")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Review
        fields = ["claim", "scale", "rating", "status", "speaker", "published_after", "published_before"]


class ClaimRelationFilter(FilterSet):
    claim = IdFilter(method="filter_claim", label="A claim id, on either side of the relation.")
    kind = filters.ChoiceFilter(choices=ClaimRelation.Kind.choices)

    class Meta:
        model = ClaimRelation
        fields = ["claim", "kind"]

    def filter_claim(self, queryset, name, value):
        return queryset.filter(Q(subject_id=value) | Q(object_id=value))
