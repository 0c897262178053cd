"""What the public reads does not depend on what it may not see.

Each example builds a random newsroom: claims in every workflow state, quotes suggested,
confirmed and rejected, reviews drafted and published, relations and quantities among them.
Every anonymous answer (lists with each filter that names a record, CSV, detail pages) is taken,
then every record the public may not see is deleted, and every answer is taken again: they must
be identical. A draft claim, a suggested quote or an unpublished review that changed a count, a
row or a status would be a leak (a claim listed by `?source=` through a suggested quote was one).
"""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Appearance, Claim, ClaimRelation, Quantity, Quote, Review, Source, Speaker
from tests.factories import MeasureFactory, QuantityFactory, RatingFactory, ReviewFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

WORDS = ["ballots", "raids", "wages", "budget", "tariffs", "arrests", "schools", "vaccines"]
BODY = "{name} said “{words} were counted” on Monday. Officials said that {other} were late."


def build_newsroom(rng: random.Random) -> None:
    speakers = [SpeakerFactory(is_private=rng.random() < 0.2) for _ in range(rng.randint(2, 4))]
    measures = [MeasureFactory() for _ in range(2)]
    rating = RatingFactory()
    sources, quotes = [], []
    for _ in range(rng.randint(1, 3)):
        words, other = rng.sample(WORDS, 2)
        source = SourceFactory(body=BODY.format(name="The mayor", words=words, other=other))
        sources.append(source)
        for text in (f"{words} were counted", f"{other} were late"):
            start = source.body.index(text)
            quotes.append(Quote.objects.create(
                source=source, speaker=rng.choice(speakers), text=text, start=start, end=start + len(text),
                kind=Quote.Kind.DIRECT, cue="said", review_status=rng.choice(Quote.ReviewStatus.values),
            ))  # fmt: skip
    claims = []
    for n in range(rng.randint(2, 6)):
        claim = Claim.objects.create(
            text=f"Claim {n}: {' and '.join(rng.sample(WORDS, 2))} rose.",
            claimant=rng.choice(speakers),
            status=rng.choice(Claim.Status.values),
            topics=rng.sample(WORDS, 1),
        )
        claim.appearances.set(rng.sample(quotes, rng.randint(0, min(2, len(quotes)))))
        if rng.random() < 0.6:
            QuantityFactory(claim=claim, measure=rng.choice(measures), value=rng.randint(1, 900))
        if rng.random() < 0.6:
            review = ReviewFactory(claim=claim, rating=rating, status=rng.choice(Review.Status.values))
            review.explanation = f"Rated on {rng.choice(WORDS)}."
            review.save()
        claims.append(claim)
    for _ in range(rng.randint(0, 3)):
        subject, object_ = rng.sample(claims, 2)
        ClaimRelation.objects.get_or_create(subject=subject, object=object_, kind=rng.choice(ClaimRelation.Kind.values))


def forget_the_unpublished() -> None:
    """Delete every record the public may not see (private speakers stay: their public claims name no one)."""
    Review.objects.exclude(pk__in=Review.objects.public()).delete()
    Quantity.objects.exclude(pk__in=Quantity.objects.public()).delete()
    ClaimRelation.objects.exclude(pk__in=ClaimRelation.objects.public()).delete()
    Claim.objects.exclude(pk__in=Claim.objects.public()).delete()
    hidden = Quote.objects.exclude(pk__in=Quote.objects.public())
    Appearance.objects.filter(quote__in=hidden).delete()
    hidden.delete()


def public_urls() -> list[str]:
    speakers = list(Speaker.objects.values_list("slug", flat=True))
    sources = list(Source.objects.values_list("slug", flat=True))
    claims = list(Claim.objects.values_list("pk", flat=True))
    urls = ["/api/claims/", "/api/quotes/", "/api/quantities/", "/api/reviews/", "/api/claim-relations/",
            "/api/speakers/", "/api/sources/", "/api/measures/", "/api/claimreviews/",
            "/api/claims/?format=csv", "/api/quotes/?format=csv"]  # fmt: skip
    for slug in sources:
        urls += [f"/api/claims/?source={slug}", f"/api/quotes/?source={slug}", f"/api/sources/{slug}/"]
    for slug in speakers:
        urls += [f"/api/claims/?speaker={slug}", f"/api/quotes/?speaker={slug}", f"/api/quantities/?speaker={slug}",
                 f"/api/speakers/{slug}/"]  # fmt: skip
    for pk in claims:
        urls += [f"/api/claims/{pk}/", f"/api/quantities/?claim={pk}", f"/api/claims/{pk}/similar/",
                 f"/api/claims/{pk}/claimreview/", f"/api/claim-relations/?claim={pk}"]  # fmt: skip
    for word in WORDS:
        urls += [f"/api/claims/?q={word}", f"/api/quotes/?q={word}", f"/api/claims/?topic={word}"]
    for status in Claim.Status.values:
        urls.append(f"/api/claims/?status={status}")
    for status in Quote.ReviewStatus.values:
        urls.append(f"/api/quotes/?review_status={status}")
    for slug in ("measure-0", *Quantity.objects.values_list("measure__slug", flat=True)):
        urls += [f"/api/measures/{slug}/", f"/api/claims/?measure={slug}", f"/measures/{slug}/"]
    # The public site reads through the same rule.
    urls += ["/", "/feed/", "/sitemap.xml", "/search/", *(f"/search/?q={word}" for word in WORDS)]
    urls += [f"/claims/{pk}/" for pk in claims] + [f"/speakers/{slug}/" for slug in speakers]
    urls += [f"/sources/{slug}/" for slug in sources] + [f"/search/?speaker={slug}" for slug in speakers]
    return urls


def answers(client, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, (url, response.content[:300])
        found[url] = (response.status_code, response.content)
    return found


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_public_answers_do_not_depend_on_unpublished_records(api_client, unthrottled, seed):
    build_newsroom(random.Random(seed))
    urls = public_urls()
    before = answers(api_client, urls)
    forget_the_unpublished()
    after = answers(api_client, urls)
    changed = {url: (before[url], after[url]) for url in urls if before[url] != after[url]}
    assert not changed, next(iter(changed.items()))
