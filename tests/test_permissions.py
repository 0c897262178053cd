"""The permission matrix: every resource and write action, for each role, cell by cell."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    ClaimFactory,
    MeasureFactory,
    QuantityFactory,
    QuoteFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "editor", "reviewer", "admin"]
EDITORIAL = {"editor", "reviewer", "admin"}
REVIEWING = {"reviewer", "admin"}

# resource: (factory of a record, detail key, body for create, who may create/update, who may delete)
RESOURCES = {
    "speakers": (SpeakerFactory, "slug", lambda: {"slug": "new-speaker", "name": "New"}, EDITORIAL, {"admin"}),
    "sources": (SourceFactory, "slug", lambda: {"slug": "new-source", "title": "T", "body": "Body."}, EDITORIAL,
                {"admin"}),
    "quotes": (QuoteFactory, "id", lambda: {"source": SourceFactory().slug, "text": "we counted", "kind": "direct",
                                             "start": 16, "end": 26}, EDITORIAL, EDITORIAL),
    "claims": (ClaimFactory, "id", lambda: {"text": "A claim."}, EDITORIAL, {"admin"}),
    "quantities": (QuantityFactory, "id", lambda: {"claim": ClaimFactory().id, "surface": "two", "value": "2"},
                   EDITORIAL, EDITORIAL),
    "measures": (MeasureFactory, "slug", lambda: {"slug": "new-measure", "name": "N", "counted": "people"},
                 EDITORIAL, {"admin"}),
    "reviews": (lambda: ReviewFactory(), "id", lambda: {"claim": ClaimFactory().id}, REVIEWING, {"admin"}),
}  # fmt: skip


def client_for(role: str) -> APIClient:
    client = APIClient()
    if role == "admin":
        client.force_authenticate(UserFactory(is_superuser=True, is_staff=True))
    elif role != "anonymous":
        from django.contrib.auth.models import Group

        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
        client.force_authenticate(user)
    return client


def allowed(response) -> bool:
    return response.status_code not in (401, 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_permission_matrix(roles, role, resource):
    make, key, body, writers, deleters = RESOURCES[resource]
    client = client_for(role)
    record = make()
    detail = f"/api/{resource}/{getattr(record, key)}/"
    # Reads: everyone (anonymous clients see only published rows, which the factories make).
    assert client.get(f"/api/{resource}/").status_code == 200
    # Writes, cell by cell.
    assert allowed(client.post(f"/api/{resource}/", body(), format="json")) == (role in writers), "create"
    assert allowed(client.patch(detail, {}, format="json", HTTP_IF_MATCH="*")) == (role in writers), "update"
    assert allowed(client.delete(detail, HTTP_IF_MATCH="*")) == (role in deleters), "delete"


@pytest.mark.parametrize("role", ROLES)
def test_workflow_actions_by_role(roles, role):
    client = client_for(role)
    claim = ClaimFactory(status="in_review")
    publish_claim = client.post(f"/api/claims/{claim.id}/transition/", {"status": "published"}, format="json",
                                HTTP_IF_MATCH="*")  # fmt: skip
    assert allowed(publish_claim) == (role in REVIEWING)
    review = ReviewFactory()
    assert allowed(client.post(f"/api/reviews/{review.id}/publish/", HTTP_IF_MATCH="*")) == (role in REVIEWING)


def test_no_mass_assignment_of_workflow_fields(roles):
    client = client_for("reviewer")
    review = ReviewFactory(explanation="Because.")
    claim = ClaimFactory(status="draft")
    client.patch(f"/api/claims/{claim.id}/", {"status": "published", "uid": "x"}, format="json", HTTP_IF_MATCH="*")
    client.patch(f"/api/reviews/{review.id}/", {"status": "published", "published_at": "2020-01-01T00:00:00Z",
                                               "reviewer": "someone"}, format="json", HTTP_IF_MATCH="*")  # fmt: skip
    claim.refresh_from_db()
    review.refresh_from_db()
    assert claim.status == "draft"
    assert (review.status, review.published_at, review.reviewer) == ("draft", None, None)
