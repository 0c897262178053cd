"""Sources, speakers, quotes, claims, quantities, measures and reviews."""

import hashlib
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DecimalRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims import choices, querysets
from claims.anchoring import anchor_errors
from claims.intervals import Qualifier, interval_expression, interval_for
from claims.natural_keys import (
    MeasureRelationManager,
    RatingManager,
    SlugNaturalKeyManager,
    UidNaturalKeyManager,
)
from claims.validators import (
    LONG_TEXT_LIMIT,
    SHORT_TEXT_LIMIT,
    SOURCE_TEXT_LIMIT,
    VERBATIM_KINDS,
    WIKIDATA_ID,
    among,
    attribution_errors,
    fits_search_index,
    indexed_words,
    limited_text,
    published_newest,
    unit_interval,
    within_calendar,
)
from claims.versioning import Versioned

ANCHOR_CONTEXT = 32  # characters of prefix and suffix kept with a quote (W3C TextQuoteSelector)


class NamedBySlug:
    """A record people know by its name, and seeds by its slug."""

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Speaker(NamedBySlug, Versioned):
    Kind = choices.SpeakerKind
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    description = limited_text(LONG_TEXT_LIMIT, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(WIKIDATA_ID, "A Wikidata item ID looks like Q22686.")],
    )
    organization = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        help_text="The organization this speaker speaks for, e.g. ICE for an ICE spokesperson.",
    )  # fmt: skip
    is_private = models.BooleanField(default=False, help_text="A private individual: the name is not exposed publicly.")
    job_title = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=80, blank=True, help_text="US state or region the speaker is tied to.")
    party = models.CharField(max_length=80, blank=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager.from_queryset(querysets.SpeakerQuerySet)()

    class Meta:
        ordering = ["name"]
        constraints = [
            among("kind", choices.SpeakerKind, "speaker_kind_valid"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID), name="speaker_wikidata_id_format"
            ),
            models.CheckConstraint(condition=~Q(organization=F("pk")), name="speaker_not_own_organization"),
        ]
        # Every public answer looks up the private names to black them out (claims.privacy).
        indexes = [models.Index(fields=["id"], condition=Q(is_private=True), name="speaker_private")]


class Source(Versioned):
    Kind = choices.SourceKind
    slug = models.SlugField(max_length=160, unique=True, allow_unicode=True)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    outlet = models.ForeignKey(Speaker, models.PROTECT, null=True, blank=True, related_name="published_sources",
                               limit_choices_to={"kind": Speaker.Kind.OUTLET})  # fmt: skip
    authors = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, validators=[within_calendar])
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    language = models.CharField(max_length=12, default="en", help_text="BCP 47 language tag.")
    body = limited_text(
        SOURCE_TEXT_LIMIT, fits_search_index, help_text="Clean plain text; quote offsets point into it."
    )
    body_sha256 = models.CharField(max_length=64, editable=False)
    retrieved_at = models.DateTimeField(null=True, blank=True, validators=[within_calendar])
    archive_url = models.URLField(max_length=500, blank=True)
    search = indexed_words(A=("title",), B=("body",))
    history = HistoricalRecords(excluded_fields=["body_sha256", "search"])
    derived_fields = ("body_sha256",)

    objects = SlugNaturalKeyManager.from_queryset(querysets.SourceQuerySet)()

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique_when_set"),
            among("kind", choices.SourceKind, "source_kind_valid"),
            models.CheckConstraint(condition=Q(body_sha256__regex=r"^[0-9a-f]{64}$"), name="source_body_sha256_set"),
        ]
        indexes = [GinIndex(fields=["search"], name="source_search_gin")]

    def __str__(self):
        return self.title

    def derive(self) -> None:
        """`body_sha256` for the body."""
        self.body_sha256 = hashlib.sha256(self.body.encode()).hexdigest()

    def natural_key(self):
        return (self.slug,)


class Quote(Versioned):
    Kind = choices.QuoteKind
    AnchorStatus = choices.AnchorStatus
    ReviewStatus = choices.QuoteReviewStatus
    VERBATIM_KINDS = VERBATIM_KINDS

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes")
    text = limited_text(LONG_TEXT_LIMIT, help_text="The quoted words, without quotation marks.")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.DIRECT)
    cue = models.CharField(max_length=100, blank=True, help_text='The attribution verb: "said", "told reporters".')
    speaker_mention = models.CharField(max_length=300, blank=True, help_text='The words naming the speaker: "he".')
    role = models.CharField(max_length=300, blank=True, help_text="The speaker's role as stated in the source.")
    start = models.PositiveIntegerField(help_text="Offset of the first character in the body (code points).")
    end = models.PositiveIntegerField(help_text="Offset after the last character (exclusive).")
    prefix = models.CharField(max_length=ANCHOR_CONTEXT, blank=True, editable=False)
    suffix = models.CharField(max_length=ANCHOR_CONTEXT, blank=True, editable=False)
    anchor_status = models.CharField(max_length=10, choices=AnchorStatus, default=AnchorStatus.EXACT)
    stated_on = models.DateField(null=True, blank=True, validators=[within_calendar])
    context = models.CharField(max_length=300, blank=True, help_text='Where and how: "outside the White House".')
    extracted_by = models.CharField(max_length=100, blank=True, help_text='A person, or "rule:<version>".')
    confidence = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    review_status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.SUGGESTED)
    search = indexed_words(A=("text",), C=("speaker_mention", "cue", "context"))
    history = HistoricalRecords(excluded_fields=["search"])
    derived_fields = ("prefix", "suffix")
    derived_from = ("source",)

    objects = UidNaturalKeyManager.from_queryset(querysets.QuoteQuerySet)()

    class Meta:
        ordering = ["source", "start"]
        indexes = [models.Index(fields=["source", "start"]), GinIndex(fields=["search"], name="quote_search_gin")]
        constraints = [
            # The bound end <= len(body) and the verbatim rule need the source's body: a trigger
            # in migration 0002 enforces them.
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="quote_start_before_end"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
            among("kind", choices.QuoteKind, "quote_kind_valid"),
            among("review_status", choices.QuoteReviewStatus, "quote_review_status_valid"),
            among("anchor_status", choices.AnchorStatus, "quote_anchor_status_valid"),
            unit_interval("confidence", "quote_confidence_in_unit_interval"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.speaker or 'Unattributed'}: “{words}”"

    def derive(self) -> None:
        """The body's characters around the quote (`prefix`, `suffix`)."""
        body = self.source.body
        self.prefix = body[max(0, self.start - ANCHOR_CONTEXT) : self.start]
        self.suffix = body[self.end : self.end + ANCHOR_CONTEXT]

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["claims.source", "claims.speaker"]

    @property
    def exact(self) -> str:
        """The body's characters at the quote's offsets (W3C TextQuoteSelector ``exact``)."""
        return self.source.body[self.start : self.end]

    def clean(self):
        errors = attribution_errors(kind=self.kind, review_status=self.review_status, speaker=self.speaker_id)
        if self.source_id is not None and self.start is not None and self.end is not None:
            errors |= anchor_errors(self.source.body, self.start, self.end, self.text, kind=self.kind,
                                    verbatim=self.kind in self.VERBATIM_KINDS)  # fmt: skip
        if errors:
            raise ValidationError(errors)


class Claim(Versioned):
    Status = choices.ClaimStatus
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = limited_text(SHORT_TEXT_LIMIT, help_text="The checkable assertion, normalised (aim for 75 characters).")
    claimant = models.ForeignKey(Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    appearances = models.ManyToManyField(Quote, through="Appearance", blank=True, related_name="claims")
    topics = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    context = limited_text(SHORT_TEXT_LIMIT, blank=True, help_text='Where it was said: "a campaign rally".')
    stated_on = models.DateField(null=True, blank=True, validators=[within_calendar])
    appearance_urls = ArrayField(
        models.URLField(max_length=500), default=list, blank=True, help_text="Where it appeared, outside our sources."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    needs_attention = models.CharField(
        max_length=500, blank=True, help_text="Why an editor should look again, e.g. a quote it rests on changed."
    )
    search = indexed_words(A=("text",), C=("context",))
    checkworthiness = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    history = HistoricalRecords(excluded_fields=["search"])

    objects = UidNaturalKeyManager.from_queryset(querysets.ClaimQuerySet)()

    class Meta:
        permissions = [("publish_claim", "Can publish, unpublish and archive claims")]
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search"], name="claim_search_gin"),
            GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="claim_text_trgm"),
            # Lists read newest first: a page walks these instead of sorting every matching row.
            models.Index(fields=["-created_at", "-id"], name="claim_newest"),
            models.Index(fields=["claimant", "-created_at", "-id"], name="claim_claimant_newest"),
            # Public search, newest first: the walk tests each claim's words in the index itself,
            # never reading the table for the claims that do not match.
            published_newest(["-created_at", "-id"], include="search", name="claim_published_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            among("status", choices.ClaimStatus, "claim_status_valid"),
            unit_interval("checkworthiness", "claim_checkworthiness_in_unit_interval"),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["claims.speaker", "claims.quote"]


class ClaimInReview(Claim):
    """The review queue: claims waiting for a reviewer (claims.admin.reviews.ReviewQueueAdmin)."""

    class Meta:
        proxy = True
        verbose_name, verbose_name_plural = "claim waiting for review", "claims waiting for review"


class Appearance(models.Model):
    """A claim appearing in a quote. A quote a claim rests on cannot be deleted from under it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearance_links")
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="appearance_links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appearance in a quote"
        verbose_name_plural = "appearances in quotes"
        ordering = ["claim", "quote"]
        constraints = [models.UniqueConstraint(fields=["claim", "quote"], name="appearance_unique")]

    def __str__(self):
        return f"{self.claim} — {self.quote}"


class Measure(NamedBySlug, Versioned):
    """One figure tracked across statements, e.g. the people detained in the 2019 Mississippi raids."""

    slug = models.SlugField(max_length=160, unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    event = models.CharField(max_length=200, blank=True)
    counted = models.CharField(max_length=200, help_text='What is counted: "undocumented immigrants detained".')
    unit = models.CharField(max_length=50, blank=True)
    description = limited_text(LONG_TEXT_LIMIT, blank=True)
    varies_over_time = models.BooleanField(
        default=False, help_text="Figures with different as-of dates may differ (a running count): not compared."
    )
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]


class MeasureRelation(models.Model):
    """An order between two measures: "detainees released" never exceeds "people detained"."""

    smaller = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="at_most_relations")
    larger = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="at_least_relations")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    objects = MeasureRelationManager()

    class Meta:
        ordering = ["smaller", "larger"]
        constraints = [
            models.UniqueConstraint(fields=["smaller", "larger"], name="measurerelation_unique"),
            models.CheckConstraint(condition=~Q(smaller=F("larger")), name="measurerelation_not_reflexive"),
        ]

    def __str__(self):
        return f"{self.smaller} ≤ {self.larger}"

    def natural_key(self):
        return (self.smaller.slug, self.larger.slug)

    natural_key.dependencies = ["claims.measure"]


class ClaimRelation(models.Model):
    """A typed link between two claims, read "subject <kind> object"."""

    Kind = choices.RelationKind

    subject = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    object = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=30, choices=choices.RelationKind)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = querysets.ClaimRelationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "object", "kind"], name="claimrelation_unique"),
            models.CheckConstraint(condition=~Q(subject=F("object")), name="claimrelation_not_reflexive"),
            among("kind", choices.RelationKind, "claimrelation_kind_valid"),
        ]

    def __str__(self):
        return f"{self.subject} — {self.get_kind_display()} — {self.object}"


class Quantity(Versioned):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    surface = models.CharField(max_length=200, help_text='The words as written: "almost 700".')
    qualifier = models.CharField(max_length=20, choices=Qualifier, default=Qualifier.EXACT)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    value_to = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text='The upper number of "between ... and ...".'
    )
    # Computed by PostgreSQL from qualifier and value, so it holds for bulk and raw writes too.
    interval = models.GeneratedField(
        expression=interval_expression(), output_field=DecimalRangeField(), db_persist=True
    )
    unit = models.CharField(max_length=50, blank=True, help_text='"people", "locations", "USD", "percent".')
    measured = models.CharField(max_length=200, blank=True, help_text='What is counted: "immigrants detained".')
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="quantities")
    as_of = models.DateField(null=True, blank=True, validators=[within_calendar])
    history = HistoricalRecords()

    objects = UidNaturalKeyManager.from_queryset(querysets.QuantityQuerySet)()

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "quantities"
        indexes = [models.Index(fields=["measure"]), GistIndex(fields=["interval"], name="quantity_interval_gist")]
        constraints = [
            among("qualifier", Qualifier, "quantity_qualifier_valid"),
            models.CheckConstraint(condition=Q(interval__isempty=False), name="quantity_interval_not_empty"),
            models.CheckConstraint(
                condition=~Q(qualifier=Qualifier.ORDER_OF_MAGNITUDE) | Q(value__gt=0),
                name="quantity_order_of_magnitude_positive",
            ),
            models.CheckConstraint(
                condition=Q(qualifier=Qualifier.BETWEEN, value_to__gte=F("value"))
                | (~Q(qualifier=Qualifier.BETWEEN) & Q(value_to__isnull=True)),
                name="quantity_value_to_only_for_between",
            ),
        ]

    def __str__(self):
        return f"{self.surface} ({self.measured})" if self.measured else self.surface

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["claims.claim", "claims.measure"]

    def clean(self):
        try:
            interval_for(self.qualifier, self.value, self.value_to)
        except ValueError as error:
            raise ValidationError({"value_to": str(error)}) from error


class RatingScale(models.Model):
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    name = models.CharField(max_length=120)
    description = limited_text(LONG_TEXT_LIMIT, blank=True)
    best_value = models.IntegerField(null=True, blank=True, help_text="Empty for a scale of labels only.")
    worst_value = models.IntegerField(null=True, blank=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worst_value__lt=F("best_value")) | Q(worst_value__isnull=True, best_value__isnull=True),
                name="ratingscale_worst_below_best",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Rating(models.Model):
    """One label of a rating scale, with its numeric value (ClaimReview's ratingValue)."""

    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="ratings")
    slug = models.SlugField(max_length=80, allow_unicode=True)
    label = models.CharField(max_length=120)
    value = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="Empty on a scale of labels only."
    )
    description = limited_text(LONG_TEXT_LIMIT, blank=True)
    history = HistoricalRecords()

    objects = RatingManager()

    class Meta:
        ordering = ["scale", "-value"]
        constraints = [models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_per_scale")]

    def __str__(self):
        return f"{self.label} ({self.scale})"

    def natural_key(self):
        return (*self.scale.natural_key(), self.slug)

    natural_key.dependencies = ["claims.ratingscale"]

    def clean(self):
        if not self.scale_id:
            return
        worst, best = self.scale.worst_value, self.scale.best_value
        if worst is None and self.value is not None:
            raise ValidationError({"value": "This scale has labels only: leave the value empty."})
        if worst is not None and (self.value is None or not worst <= self.value <= best):
            raise ValidationError({"value": f"The value must lie between {worst} and {best}."})


class Review(Versioned):
    Status = choices.ReviewStatus
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    explanation = limited_text(
        LONG_TEXT_LIMIT, blank=True, help_text="Why the claim earns its rating (ratingExplanation)."
    )
    claim_reviewed = limited_text(
        SHORT_TEXT_LIMIT, blank=True, editable=False,
        help_text="The claim's wording as rated (claimReviewed); a correction rewords it.",
    )  # fmt: skip
    evidence = models.JSONField(default=list, blank=True, help_text='A list of {"url", "title", "excerpt"}.')
    publisher = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="published_reviews",
        help_text="The fact-checking organisation that published it, when not us (imported reviews).",
    )  # fmt: skip
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    url = models.URLField(max_length=500, blank=True, help_text="Where the review is published.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, validators=[within_calendar])
    history = HistoricalRecords()

    objects = UidNaturalKeyManager.from_queryset(querysets.ReviewQuerySet)()

    class Meta:
        permissions = [("publish_review", "Can publish and correct reviews")]
        ordering = ["-published_at", "-id"]
        indexes = [  # newest published first: the public lists and the ClaimReview feed read a page of it
            published_newest(["-published_at", "-id"], include="claim_id", name="review_published_newest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="review_url_unique_when_set"),
            among("status", choices.ReviewStatus, "review_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(rating__isnull=False) & ~Q(explanation="")),
                name="review_published_has_rating_and_explanation",
            ),
        ]

    def __str__(self):
        return f"{self.rating.label if self.rating else 'Unrated'}: {self.claim}"

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["claims.claim", "claims.rating"]


class ClaimStatusChange(models.Model):
    """Who moved a claim through the workflow, and when."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=choices.ClaimStatus)
    to_status = models.CharField(max_length=10, choices=choices.ClaimStatus)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["claim", "changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()} ({self.changed_at:%Y-%m-%d})"


class ReviewCorrection(models.Model):
    """A change to a published verdict, kept visible: old -> new, when, why."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="corrections")
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    old_rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, related_name="+")
    new_rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, related_name="+")
    old_explanation = limited_text(LONG_TEXT_LIMIT, blank=True)
    old_claim_reviewed = limited_text(SHORT_TEXT_LIMIT, blank=True, help_text="The wording rated before, if reworded.")
    note = limited_text(SHORT_TEXT_LIMIT, help_text="What was corrected and why, as readers will see it.")

    class Meta:
        ordering = ["review", "corrected_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="reviewcorrection_note_required")]

    def __str__(self):
        return f"Correction of {self.review} on {self.corrected_at:%Y-%m-%d}"


class SeedRecord(models.Model):
    """What load_seeds last wrote to a record, so a reload can tell seed updates from editors' edits."""

    model = models.CharField(max_length=100)
    key = models.JSONField(help_text="The record's natural key.")
    object_id = models.BigIntegerField(help_text="The record's primary key, which survives a rename.")
    values = models.JSONField(help_text="Field values as last seeded.")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model", "id"]
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="seedrecord_unique_key")]

    def __str__(self):
        return f"{self.model} {self.key}"


class RequestCount(models.Model):
    """A request counted against a client's rate (claims.api.throttling): here, every worker counts it.
    An unlogged table (migration 0011): no request waits for a disk flush, and a crash only resets counts."""

    key = models.CharField(max_length=200, help_text="Throttle scope and client: user id or address.")
    at = models.FloatField(help_text="When, in seconds since the epoch.")

    class Meta:
        ordering = ["key", "at"]
        indexes = [models.Index(fields=["key", "at"], name="requestcount_key_at")]

    def __str__(self):
        return f"{self.key} at {self.at}"
