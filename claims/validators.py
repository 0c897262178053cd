"""Rules that hold whoever writes: text lengths, the search index's capacity, calendar dates, and the
columns' constraints and search vectors the models declare."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import OperationalError, connection, models, transaction
from django.db.models import Q

from claims.choices import QuoteKind, QuoteReviewStatus

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


WIKIDATA_ID = r"^Q[1-9][0-9]*$"


def among(field: str, vocabulary, name: str) -> models.CheckConstraint:
    """The column holds one of the vocabulary's values, whoever writes it."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": vocabulary.values}), name=name)


def unit_interval(field: str, name: str) -> models.CheckConstraint:
    """The column is empty or between 0 and 1."""
    within = Q(**{f"{field}__gte": 0, f"{field}__lte": 1})
    return models.CheckConstraint(condition=Q(**{f"{field}__isnull": True}) | within, name=name)


def indexed_words(**weighted: tuple[str, ...]) -> models.GeneratedField:
    """The full-text search column: the named fields' words in English, weighted A (most) to D."""
    vectors = [SearchVector(*fields, weight=weight, config="english") for weight, fields in weighted.items()]
    expression = vectors[0]
    for vector in vectors[1:]:
        expression += vector
    return models.GeneratedField(expression=expression, output_field=SearchVectorField(), db_persist=True)


def published_newest(order: list[str], *, include: str, name: str) -> models.Index:
    """Published rows newest first, carrying `include`: a page walks the index, never sorting every row."""
    return models.Index(fields=order, include=[include], condition=Q(status="published"), name=name)


VERBATIM_KINDS = (QuoteKind.DIRECT, QuoteKind.PARTIAL)  # their text is the body's characters at [start, end)


def attribution_errors(*, kind: str, review_status: str, speaker) -> dict[str, str]:
    """Field errors for a quote's attribution (none when valid): a direct or partial quote an editor
    has confirmed names who said it. Suggestions may leave the speaker empty when nothing names one.
    `speaker` is the speaker or its id (None when empty)."""
    if speaker is None and kind in VERBATIM_KINDS and review_status == QuoteReviewStatus.CONFIRMED:
        return {"speaker": f"A confirmed {kind} quote needs a speaker: choose who said these words."}
    return {}
