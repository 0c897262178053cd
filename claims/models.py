"""Sources, speakers, quotes, claims, quantities, measures and reviews."""

import hashlib
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField, DecimalRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import OperationalError, connection, models, transaction
from django.db.backends.postgresql.psycopg_any import NumericRange
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.intervals import Qualifier, interval_expression, interval_for

ANCHOR_CONTEXT = 32  # characters of prefix and suffix kept with a quote (W3C TextQuoteSelector)

# Longest texts kept, in characters. PostgreSQL indexes at most 1 MB of words a row ("string is too
# long for tsvector"): 400,000 characters of distinct words index in about 750 KB.
SOURCE_TEXT_LIMIT = 400_000
LONG_TEXT_LIMIT = 20_000
SHORT_TEXT_LIMIT = 5_000


PROGRAM_LIMIT_EXCEEDED = "54000"  # PostgreSQL's SQLSTATE for a limit of its own, such as 1 MB of index words
SURELY_INDEXABLE = 100_000  # characters: at most 4 bytes of index a character, so always under 1 MB


def limited_text(limit: int, *validators, **kwargs) -> models.TextField:
    """A TextField no longer than `limit` characters, checked by forms, serializers and full_clean."""
    return models.TextField(max_length=limit, validators=[MaxLengthValidator(limit), *validators], **kwargs)


EARLIEST_YEAR, LATEST_YEAR = 1000, 9000


def within_calendar(value) -> None:
    """Refuse a date so far out that time zones or a day's arithmetic would leave Python's calendar."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"Give a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.", code="out_of_calendar"
        )


def fits_search_index(value: str) -> None:
    """Refuse a long text whose words PostgreSQL cannot index (more than 1 MB of distinct words)."""
    if len(value) <= SURELY_INDEXABLE:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT length(to_tsvector('english', %s))", [value])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
            raise
        raise ValidationError(
            "This text has more distinct words than the search index holds (1 MB); split it into parts.",
            code="too_many_words",
        ) from None


class VersionConflict(Exception):
    """A save based on a version of the record that someone else has since replaced."""

    def __init__(self, record: models.Model, current: int):
        self.record, self.current = record, current
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} is at version {current}, not {record.expected_version}"
        )


class RecordGone(VersionConflict):
    """A save of a record that someone else has since deleted."""

    def __init__(self, record: models.Model):
        self.record, self.current = record, None
        Exception.__init__(self, f"{record._meta.verbose_name} {record.pk} was deleted")


class Versioned(models.Model):
    """No lost updates: every save bumps `version`, and a save that names the version it was based
    on (`expected_version`, set by the admin form or the API's If-Match) is refused if it is stale.
    The row is locked while it is checked, so two concurrent saves cannot both pass."""

    version = models.PositiveIntegerField(default=1, editable=False)
    expected_version: int | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            rows = type(self)._base_manager.select_for_update().filter(pk=self.pk)
            current = rows.values_list("version", flat=True).first()
            if current is None and not self._state.adding:
                raise RecordGone(self)  # deleted meanwhile: an update never puts it back
            if current is not None and self.expected_version is not None and current != self.expected_version:
                raise VersionConflict(self, current)
            self.version = (current or self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            if current is not None and not kwargs.get("force_insert"):
                kwargs["force_update"] = True  # the row read and locked above, or an error: never an insert
            super().save(*args, **kwargs)
        self.expected_version = None


# While load_seeds reads seed files: (model, natural key) -> the record (fields deferred), or None for
# "no such record". The load fills it in bulk and as it creates records, so the deserializer looks each
# key up at most once.
known_natural_keys: ContextVar[dict | None] = ContextVar("known_natural_keys", default=None)


class NaturalKeyManager(models.Manager):
    """Look records up by natural key; a seeded record an editor renamed keeps its seed key.

    Inside a load (`known_natural_keys` set), a key is looked up once, and what comes back is the
    record with its other fields deferred: the deserializer reads only its primary key."""

    key_fields = ("slug",)

    def get_by_natural_key(self, *key):
        known = known_natural_keys.get()
        if known is None:
            return self._find(*key)
        cached = (self.model, self.normal_key(key))
        if cached not in known:
            try:
                known[cached] = self.deferred(self._find(*key).pk)
            except self.model.DoesNotExist:
                known[cached] = None
        if known[cached] is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return known[cached]

    def deferred(self, pk):
        """The record with every field but its primary key deferred (read from the database if used)."""
        return self.model.from_db(self.db, [self.model._meta.pk.attname], [pk])

    def normal_key(self, key: tuple) -> tuple:
        """The key as its fields read it (one uid however it is spelled): the cache's key."""
        meta = self.model._meta
        return tuple(
            value if "__" in name else meta.get_field(name).to_python(value)
            for name, value in zip(self.key_fields, key, strict=True)
        )

    def _find(self, *key):
        try:
            return self.get(**dict(zip(self.key_fields, key, strict=True)))
        except self.model.DoesNotExist:
            seeded = SeedRecord.objects.filter(model=self.model._meta.label_lower, key=list(key))
            object_id = seeded.values_list("object_id", flat=True).first()
            if object_id is None:
                raise
            return self.get(pk=object_id)


class SlugNaturalKeyManager(NaturalKeyManager):
    key_fields = ("slug",)


def sees_unpublished(user) -> bool:
    """Staff with a role see drafts, suggestions and private names; everyone else, published data."""
    return bool(user is not None and user.is_authenticated and user.has_perm("claims.view_claim"))


class VisibleQuerySet(models.QuerySet):
    """Who may see which records: one rule a model, in its `public()`, for every read path (the API's
    views and filters, the SQL-built rows, the feeds)."""

    def visible_to(self, user):
        """Every record to staff with a role; the published ones to everyone else."""
        return self if sees_unpublished(user) else self.public()

    def public(self):
        return self


class UidNaturalKeyManager(NaturalKeyManager):
    key_fields = ("uid",)


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    OUTLET = "outlet", "News outlet"
    ANONYMOUS = "anonymous", "Anonymous source"


class SpeakerQuerySet(VisibleQuerySet):
    def public(self):
        """Private individuals are no one to the public."""
        return self.filter(is_private=False)


class Speaker(Versioned):
    Kind = SpeakerKind
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    description = limited_text(LONG_TEXT_LIMIT, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata item ID looks like Q22686.")],
    )
    organization = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organization this speaker speaks for, e.g. ICE for an ICE spokesperson.",
    )
    is_private = models.BooleanField(default=False, help_text="A private individual: the name is not exposed publicly.")
    job_title = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=80, blank=True, help_text="US state or region the speaker is tied to.")
    party = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager.from_queryset(SpeakerQuerySet)()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"), name="speaker_wikidata_id_format"
            ),
            models.CheckConstraint(condition=~Q(organization=F("pk")), name="speaker_not_own_organization"),
        ]
        # Every public answer looks up the private names to black them out (claims.privacy).
        indexes = [models.Index(fields=["id"], condition=Q(is_private=True), name="speaker_private")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class SourceQuerySet(VisibleQuerySet):
    def by_outlet(self, slug):
        return self.filter(outlet__slug=slug)


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    TRANSCRIPT = "transcript", "Transcript"
    PRESS_RELEASE = "press_release", "Press release"
    POST = "post", "Social media post"


class Source(Versioned):
    Kind = SourceKind
    slug = models.SlugField(max_length=160, unique=True, allow_unicode=True)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        limit_choices_to={"kind": Speaker.Kind.OUTLET},
    )
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
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english"),
        output_field=SearchVectorField(), db_persist=True,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_sha256", "search"])

    objects = SlugNaturalKeyManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique_when_set"),
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(condition=Q(body_sha256__regex=r"^[0-9a-f]{64}$"), name="source_body_sha256_set"),
        ]
        indexes = [GinIndex(fields=["search"], name="source_search_gin")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.set_checksum()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_sha256"}
        super().save(*args, **kwargs)

    def set_checksum(self) -> None:
        """`body_sha256` for the body: save() sets it, as must a bulk insert."""
        self.body_sha256 = hashlib.sha256(self.body.encode()).hexdigest()

    def natural_key(self):
        return (self.slug,)


class QuoteQuerySet(VisibleQuerySet):
    def confirmed(self):
        return self.filter(review_status=Quote.ReviewStatus.CONFIRMED)

    def public(self):
        """Suggestions are an editor's work in progress: the public reads confirmed quotes."""
        return self.confirmed()

    def by_speaker(self, slug):
        return self.filter(speaker__slug=slug)


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    PARTIAL = "partial", "Partial"
    MIXED = "mixed", "Mixed"


class AnchorStatus(models.TextChoices):
    EXACT = "exact", "Exact"
    MOVED = "moved", "Moved"
    CHANGED = "changed", "Changed"
    ORPHANED = "orphaned", "Orphaned"


class QuoteReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class Quote(Versioned):
    Kind = QuoteKind
    AnchorStatus = AnchorStatus
    ReviewStatus = QuoteReviewStatus
    # Kinds whose text must be the body's characters at [start, end) exactly.
    VERBATIM_KINDS = (Kind.DIRECT, Kind.PARTIAL)

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
    search = models.GeneratedField(
        expression=SearchVector("text", weight="A", config="english")
        + SearchVector("speaker_mention", "cue", "context", weight="C", config="english"),
        output_field=SearchVectorField(), db_persist=True,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search"])

    objects = UidNaturalKeyManager.from_queryset(QuoteQuerySet)()

    class Meta:
        ordering = ["source", "start"]
        indexes = [models.Index(fields=["source", "start"]), GinIndex(fields=["search"], name="quote_search_gin")]
        constraints = [
            # The bound end <= len(body) and the verbatim rule need the source's body: a trigger
            # in migration 0002 enforces them.
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="quote_start_before_end"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=QuoteKind.values), name="quote_kind_valid"),
            models.CheckConstraint(
                condition=Q(review_status__in=QuoteReviewStatus.values), name="quote_review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(anchor_status__in=AnchorStatus.values), name="quote_anchor_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="quote_confidence_in_unit_interval",
            ),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.speaker or 'Unattributed'}: “{words}”"

    def save(self, *args, **kwargs):
        self.set_context()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "prefix", "suffix"}
        super().save(*args, **kwargs)

    def set_context(self) -> None:
        """The body's characters around the quote (`prefix`, `suffix`): save() sets them, as must a bulk insert."""
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
        if self.source_id is None or self.start is None or self.end is None:
            return
        errors = anchor_errors(self.source.body, self.start, self.end, self.text, self.kind)
        if errors:
            raise ValidationError(errors)


def anchor_errors(body: str, start: int, end: int, text: str, kind: str) -> dict[str, str]:
    """Return field errors for a quote anchored at [start, end) of body (empty when valid)."""
    if not 0 <= start < end:
        return {"end": "The quote must end after it starts (0 <= start < end)."}
    if end > len(body):
        return {"end": f"The quote ends at {end}, after the end of the source body ({len(body)} characters)."}
    if kind in Quote.VERBATIM_KINDS and body[start:end] != text:
        return {"text": f"A {kind} quote must equal the body at its offsets, which reads “{body[start:end]}”."}
    return {}


class ClaimQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def public(self):
        return self.published()

    def by_speaker(self, slug):
        return self.filter(claimant__slug=slug)


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Claim(Versioned):
    Status = ClaimStatus
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
    search = models.GeneratedField(
        expression=SearchVector("text", weight="A", config="english")
        + SearchVector("context", weight="C", config="english"),
        output_field=SearchVectorField(), db_persist=True,
    )  # fmt: skip
    checkworthiness = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search"])

    objects = UidNaturalKeyManager.from_queryset(ClaimQuerySet)()

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
            models.Index(
                fields=["-created_at", "-id"],
                include=["search"],
                condition=Q(status="published"),
                name="claim_published_search",
            ),  # fmt: skip
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(checkworthiness__isnull=True) | Q(checkworthiness__gte=0, checkworthiness__lte=1),
                name="claim_checkworthiness_in_unit_interval",
            ),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (str(self.uid),)

    natural_key.dependencies = ["claims.speaker", "claims.quote"]


class Appearance(models.Model):
    """A claim appearing in a quote. A quote a claim rests on cannot be deleted from under it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearance_links")
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="appearance_links")
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "quote"]
        constraints = [models.UniqueConstraint(fields=["claim", "quote"], name="appearance_unique")]

    def __str__(self):
        return f"{self.claim} — {self.quote}"


class Measure(Versioned):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class MeasureRelationManager(NaturalKeyManager):
    key_fields = ("smaller__slug", "larger__slug")


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


class RelationKind(models.TextChoices):
    SAME_TRUTH_CONDITIONS = "same_truth_conditions", "has the same truth conditions as"
    CONTRADICTS = "contradicts", "contradicts"
    UPDATES = "updates", "updates"
    MORE_SPECIFIC_THAN = "more_specific_than", "is more specific than"


class ClaimRelationQuerySet(VisibleQuerySet):
    def public(self):
        """A relation is public when both its claims are."""
        published = Claim.Status.PUBLISHED
        return self.filter(subject__status=published, object__status=published)


class ClaimRelation(models.Model):
    """A typed link between two claims, read "subject <kind> object"."""

    Kind = RelationKind

    subject = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    object = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=30, choices=RelationKind)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ClaimRelationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "object", "kind"], name="claimrelation_unique"),
            models.CheckConstraint(condition=~Q(subject=F("object")), name="claimrelation_not_reflexive"),
            models.CheckConstraint(condition=Q(kind__in=RelationKind.values), name="claimrelation_kind_valid"),
        ]

    def __str__(self):
        return f"{self.subject} — {self.get_kind_display()} — {self.object}"


class QuantityQuerySet(VisibleQuerySet):
    def public(self):
        """A number is as public as the claim that states it."""
        return self.filter(claim__status=Claim.Status.PUBLISHED)

    def overlapping(self, low=None, high=None):
        """Quantities whose interval shares a value with [low, high] (either side may be open)."""
        if low is not None and high is not None and low > high:
            return self.none()  # an empty range overlaps nothing
        return self.filter(interval__overlap=NumericRange(low, high, "[]"))


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = UidNaturalKeyManager.from_queryset(QuantityQuerySet)()

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "quantities"
        indexes = [models.Index(fields=["measure"]), GistIndex(fields=["interval"], name="quantity_interval_gist")]
        constraints = [
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="quantity_qualifier_valid"),
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


class RatingManager(NaturalKeyManager):
    key_fields = ("scale__slug", "slug")


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
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_per_scale"),
        ]

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


class ReviewQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED, claim__status=Claim.Status.PUBLISHED)

    def public(self):
        return self.published()


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Review(Versioned):
    Status = ReviewStatus
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = UidNaturalKeyManager.from_queryset(ReviewQuerySet)()

    class Meta:
        permissions = [("publish_review", "Can publish and correct reviews")]
        ordering = ["-published_at", "-id"]
        indexes = [  # newest published first: the public lists and the ClaimReview feed read a page of it
            models.Index(
                fields=["-published_at", "-id"],
                include=["claim_id"],
                condition=Q(status="published"),
                name="review_published_newest",
            ),  # fmt: skip
        ]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="review_url_unique_when_set"),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_valid"),
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
    from_status = models.CharField(max_length=10, choices=ClaimStatus)
    to_status = models.CharField(max_length=10, choices=ClaimStatus)
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
    """One request counted against a client's rate in one scope (claims.throttling).

    Kept in PostgreSQL so that every worker and process counts the same requests."""

    key = models.CharField(max_length=200, help_text="Throttle scope and client: user id or address.")
    at = models.FloatField(help_text="When, in seconds since the epoch.")

    class Meta:
        ordering = ["key", "at"]
        indexes = [models.Index(fields=["key", "at"], name="requestcount_key_at")]

    def __str__(self):
        return f"{self.key} at {self.at}"
