import factory
from django.contrib.auth import get_user_model

from claims.models import Claim, Measure, Quantity, Quote, Rating, RatingScale, Review, Source, Speaker


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    body = "The mayor said “we counted almost 700 ballots” on Monday. Officials said that over 300 were late."


class QuoteFactory(factory.django.DjangoModelFactory):
    """A direct quote of the factory source's “we counted almost 700 ballots”."""

    class Meta:
        model = Quote

    source = factory.SubFactory(SourceFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    text = "we counted almost 700 ballots"
    kind = Quote.Kind.DIRECT
    cue = "said"
    start = factory.LazyAttribute(lambda q: q.source.body.index(q.text))
    end = factory.LazyAttribute(lambda q: q.start + len(q.text))
    review_status = Quote.ReviewStatus.CONFIRMED


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} about ballots.")
    claimant = factory.SubFactory(SpeakerFactory)
    status = Claim.Status.PUBLISHED


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    name = factory.Sequence(lambda n: f"Measure {n}")
    slug = factory.Sequence(lambda n: f"measure-{n}")
    counted = "ballots counted"
    unit = "ballots"


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quantity

    claim = factory.SubFactory(ClaimFactory)
    surface = "almost 700"
    qualifier = "almost"
    value = 700
    unit = "ballots"
    measured = "ballots counted"


class RatingScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScale

    slug = factory.Sequence(lambda n: f"scale-{n}")
    name = factory.Sequence(lambda n: f"Scale {n}")
    best_value = 3
    worst_value = 1


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    scale = factory.SubFactory(RatingScaleFactory)
    slug = factory.Sequence(lambda n: f"rating-{n}")
    label = factory.Sequence(lambda n: f"Rating {n}")
    value = 2


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.SubFactory(RatingFactory)
    explanation = "The count was 680."
    status = Review.Status.DRAFT
