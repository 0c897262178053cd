import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import Quantity, Quote, Source, Speaker
from tests.factories import (
    ClaimFactory,
    QuantityFactory,
    QuoteFactory,
    RatingFactory,
    RatingScaleFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def violates(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_quote_must_start_before_it_ends():
    quote = QuoteFactory()
    assert violates(lambda: Quote.objects.filter(pk=quote.pk).update(end=quote.start))


def test_quote_must_end_inside_the_body():
    quote = QuoteFactory()
    assert violates(lambda: Quote.objects.filter(pk=quote.pk).update(end=len(quote.source.body) + 1, kind="indirect"))


def test_direct_quote_text_must_equal_the_body_at_its_offsets():
    quote = QuoteFactory()
    assert violates(lambda: Quote.objects.filter(pk=quote.pk).update(text="we counted almost 800 ballots"))
    assert violates(lambda: Quote.objects.filter(pk=quote.pk).update(start=quote.start + 1, end=quote.end + 1))


def test_indirect_quote_may_paraphrase_within_its_span():
    source = SourceFactory()
    start = source.body.index("over 300")
    quote = QuoteFactory(
        source=source,
        kind="indirect",
        text="more than 300 ballots were late",
        start=start,
        end=start + len("over 300 were late"),
    )
    assert quote.pk is not None


def test_source_body_edit_that_breaks_a_quote_is_refused():
    quote = QuoteFactory()
    source = quote.source
    assert violates(lambda: Source.objects.filter(pk=source.pk).update(body=source.body.replace("700", "800")))


def test_quote_clean_explains_a_mismatch():
    text = "nothing like the body"
    quote = QuoteFactory.build(source=SourceFactory(), speaker=None, text=text, start=0, end=len(text))
    with pytest.raises(ValidationError, match="must equal the body"):
        quote.full_clean()


def test_quote_keeps_32_characters_of_context():
    quote = QuoteFactory()
    body = quote.source.body
    assert quote.prefix == body[max(0, quote.start - 32) : quote.start]
    assert quote.suffix == body[quote.end : quote.end + 32]
    assert quote.exact == quote.text


def test_slugs_are_unique():
    SpeakerFactory(slug="jane-doe")
    assert violates(lambda: SpeakerFactory(slug="jane-doe"))


def test_source_url_is_unique_only_when_set():
    SourceFactory(url="")
    SourceFactory(url="")
    SourceFactory(url="https://example.org/a")
    assert violates(lambda: SourceFactory(url="https://example.org/a"))


def test_wikidata_id_is_a_q_number():
    assert violates(lambda: SpeakerFactory(wikidata_id="22686"))
    assert SpeakerFactory(wikidata_id="Q22686").wikidata_id == "Q22686"


def test_speaker_kind_is_from_the_vocabulary():
    assert violates(lambda: SpeakerFactory(kind="alien"))


def test_second_value_only_for_between():
    over = QuantityFactory(qualifier="over", value=3)
    assert violates(lambda: Quantity.objects.filter(pk=over.pk).update(value_to=5))
    between = QuantityFactory(qualifier="between", value=3, value_to=5)
    assert between.interval.upper == 5
    with pytest.raises(DatabaseError), transaction.atomic():  # the generated interval cannot be built
        Quantity.objects.filter(pk=between.pk).update(value_to=2)
    with pytest.raises(ValidationError):
        QuantityFactory.build(claim=over.claim, qualifier="over", value=3, value_to=5).full_clean()


def test_rating_scale_worst_is_below_best():
    assert violates(lambda: RatingScaleFactory(best_value=1, worst_value=3))


def test_published_review_needs_rating_and_explanation():
    assert violates(lambda: ReviewFactory(status="published", explanation="", published_at=timezone.now()))
    assert violates(lambda: ReviewFactory(status="published", rating=None, published_at=timezone.now()))
    assert ReviewFactory(status="published", published_at=timezone.now()).pk


def test_rating_value_outside_scale_is_invalid():
    rating = RatingFactory.build(scale=RatingScaleFactory(best_value=3, worst_value=1), value=9)
    with pytest.raises(ValidationError):
        rating.full_clean()


def test_reviewed_claims_and_quoted_speakers_cannot_be_deleted():
    review = ReviewFactory()
    with pytest.raises(ProtectedError):
        review.claim.delete()
    quote = QuoteFactory()
    with pytest.raises(ProtectedError):
        quote.speaker.delete()
    with pytest.raises(ProtectedError):
        quote.source.delete()


def test_natural_keys_round_trip():
    speaker = SpeakerFactory()
    assert Speaker.objects.get_by_natural_key(*speaker.natural_key()) == speaker
    quote = QuoteFactory()
    assert Quote.objects.get_by_natural_key(*quote.natural_key()) == quote
    rating = RatingFactory()
    assert type(rating).objects.get_by_natural_key(*rating.natural_key()) == rating


def test_every_editorial_change_is_in_the_history():
    claim = ClaimFactory(text="First wording.")
    claim.text = "Second wording."
    claim.save()
    assert [h.text for h in claim.history.all()] == ["Second wording.", "First wording."]


def test_readable_names():
    quote = QuoteFactory(speaker=SpeakerFactory(name="Jane Doe"))
    assert str(quote) == "Jane Doe: “we counted almost 700 ballots”"
    assert str(QuantityFactory(surface="almost 700", measured="ballots counted")) == "almost 700 (ballots counted)"
