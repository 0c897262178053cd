"""Similar claims, typed relations between claims, and the consistency of a measure's figures."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.consistency import MAX_LISTED, below
from claims.models import ClaimRelation, MeasureRelation, Quantity
from tests.factories import ClaimFactory, MeasureFactory, QuantityFactory

pytestmark = pytest.mark.django_db


def test_similar_claims_rank_close_wordings_and_flag_duplicates(api_client):
    claim = ClaimFactory(text="Almost 700 immigrants were detained in Mississippi.")
    duplicate = ClaimFactory(text="almost 700 immigrants were detained in Mississippi!")
    close = ClaimFactory(text="Nearly 700 immigrants were detained in the Mississippi raids.")
    unrelated = ClaimFactory(text="The bridge opened in June.")
    ClaimFactory(text="Almost 700 immigrants were detained.", status="draft")
    rows = api_client.get(f"/api/claims/{claim.id}/similar/").json()
    ids = [row["claim"]["id"] for row in rows]
    assert ids[:2] == [duplicate.id, close.id] and unrelated.id not in ids
    assert rows[0]["duplicate"] is True and rows[1]["duplicate"] is False
    assert rows[0]["similarity"] > rows[1]["similarity"] > 0
    assert len(ids) == 2  # the draft stays hidden from anonymous clients


def test_claim_relations_are_recorded_and_queried_from_either_side(editor_client, api_client):
    first, second, third = ClaimFactory(), ClaimFactory(), ClaimFactory()
    response = editor_client.post("/api/claim-relations/", {"subject": second.id, "kind": "updates",
                                                             "object": first.id}, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["created_by"]
    ClaimRelation.objects.create(subject=third, object=first, kind="contradicts")
    assert len(api_client.get(f"/api/claim-relations/?claim={first.id}").json()["results"]) == 2
    assert len(api_client.get(f"/api/claim-relations/?claim={second.id}").json()["results"]) == 1
    contradicting = api_client.get(f"/api/claim-relations/?claim={first.id}&kind=contradicts").json()["results"]
    assert [r["subject"] for r in contradicting] == [third.id]


def test_claim_relation_rules(editor_client, api_client):
    claim = ClaimFactory()
    self_relation = editor_client.post("/api/claim-relations/", {"subject": claim.id, "kind": "updates",
                                                                  "object": claim.id}, format="json")  # fmt: skip
    assert self_relation.status_code == 400
    assert api_client.post("/api/claim-relations/", {}, format="json").status_code in (401, 403)
    draft = ClaimFactory(status="draft")
    ClaimRelation.objects.create(subject=claim, object=draft, kind="contradicts")
    assert api_client.get("/api/claim-relations/").json()["results"] == []


def test_measure_figures_that_share_a_value_are_consistent(api_client):
    measure = MeasureFactory(slug="detained")
    QuantityFactory(measure=measure, qualifier="almost", value=700)
    QuantityFactory(measure=measure, qualifier="exact", value=680)
    body = api_client.get("/api/measures/detained/").json()
    assert body["consistent"] is True and body["conflicts"] == []
    assert [q["value"] for q in body["timeline"]] == ["700.0000", "680.0000"]


def test_disjoint_figures_conflict_with_a_reason(api_client):
    measure = MeasureFactory(slug="detained")
    almost = QuantityFactory(measure=measure, surface="almost 700", qualifier="almost", value=700)
    over = QuantityFactory(measure=measure, surface="over 900", qualifier="over", value=900)
    body = api_client.get("/api/measures/detained/").json()
    assert body["consistent"] is False
    [conflict] = body["conflicts"]
    assert {conflict["first"], conflict["second"]} == {almost.id, over.id}
    assert "share no value" in conflict["reason"]


def test_a_running_count_compares_only_same_day_figures(api_client):
    measure = MeasureFactory(slug="cases", varies_over_time=True)
    QuantityFactory(measure=measure, qualifier="exact", value=10, as_of=datetime.date(2020, 3, 1))
    QuantityFactory(measure=measure, qualifier="exact", value=5000, as_of=datetime.date(2020, 6, 1))
    assert api_client.get("/api/measures/cases/").json()["consistent"] is True


def test_released_cannot_exceed_detained(api_client):
    detained, released = MeasureFactory(slug="detained"), MeasureFactory(slug="released")
    MeasureRelation.objects.create(smaller=released, larger=detained)
    QuantityFactory(measure=detained, surface="almost 700", qualifier="almost", value=700)
    QuantityFactory(measure=released, surface="over 300", qualifier="over", value=300)
    assert api_client.get("/api/measures/released/").json()["consistent"] is True
    QuantityFactory(measure=released, surface="over 800", qualifier="over", value=800)
    body = api_client.get("/api/measures/released/").json()
    assert body["consistent"] is False and "exceeds" in body["conflicts"][0]["reason"]
    assert api_client.get("/api/measures/detained/").json()["consistent"] is False  # seen from either side
    assert body["relations"] == [{"smaller": "released", "larger": "detained", "note": ""}]


def test_seeded_raid_figures_are_consistent(api_client, seeded):
    body = api_client.get("/api/measures/2019-mississippi-raids-released/").json()
    assert body["consistent"] is True
    assert body["relations"][0]["larger"] == "2019-mississippi-raids-detained"


def test_unpublished_figures_are_not_shown_or_counted(api_client):
    measure = MeasureFactory(slug="detained")
    QuantityFactory(measure=measure, qualifier="almost", value=700)
    QuantityFactory(measure=measure, qualifier="over", value=900, claim=ClaimFactory(status="draft"))
    body = api_client.get("/api/measures/detained/").json()
    assert len(body["timeline"]) == 1 and body["consistent"] is True


QUALIFIED = [("exact", None), ("almost", None), ("over", None), ("under", None), ("about", None),
             ("at_least", None), ("at_most", None), ("between", 40)]  # fmt: skip


def naive_conflicts(measure, quantities, related=()) -> int:
    """Every pair, compared the slow and obvious way."""
    count = 0
    for n, a in enumerate(quantities):
        for b in quantities[n + 1 :]:
            if measure.varies_over_time and a.as_of and b.as_of and a.as_of != b.as_of:
                continue
            count += below(a, b) or below(b, a)
    for small, large in related:
        count += sum(below(b, a) for a in small for b in large)
    return count


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    figures=st.lists(
        st.tuples(st.sampled_from(QUALIFIED), st.integers(1, 60), st.sampled_from([None, 1, 2])),
        min_size=0,
        max_size=25,
    ),  # fmt: skip
    larger=st.lists(st.integers(1, 60), max_size=8),
    varies=st.booleans(),
)
def test_conflicts_are_counted_as_comparing_every_pair_would(api_client, figures, larger, varies):
    """The n log n count equals the pairwise one, and a report lists the first 100 pairs."""
    Quantity.objects.all().delete()
    MeasureRelation.objects.all().delete()
    measure = MeasureFactory(varies_over_time=varies)
    detained = MeasureFactory()
    MeasureRelation.objects.create(smaller=measure, larger=detained)
    for (qualifier, width), value, day in figures:
        QuantityFactory(measure=measure, qualifier=qualifier, value=value, value_to=value + width if width else None,
                        as_of=datetime.date(2020, 1, day) if day else None)  # fmt: skip
    for value in larger:
        QuantityFactory(measure=detained, qualifier="exact", value=value)
    timeline = list(Quantity.objects.filter(measure=measure))
    big = list(Quantity.objects.filter(measure=detained))
    expected = naive_conflicts(measure, timeline, [(timeline, big)])
    body = api_client.get(f"/api/measures/{measure.slug}/").json()
    assert body["conflict_count"] == expected
    assert len(body["conflicts"]) == min(expected, len(body["conflicts"])) <= 2 * MAX_LISTED
    assert body["consistent"] == (expected == 0)


def test_a_measure_of_800_figures_answers_a_bounded_report(api_client):
    measure = MeasureFactory(slug="many")
    claim = ClaimFactory()
    Quantity.objects.bulk_create(
        Quantity(claim=claim, measure=measure, surface=str(n), qualifier="exact", value=n) for n in range(1, 801)
    )
    response = api_client.get("/api/measures/many/")
    body = response.json()
    assert body["conflict_count"] == 800 * 799 // 2 and len(body["conflicts"]) == MAX_LISTED
    assert len(body["timeline"]) == 800 and len(response.content) < 2_000_000
