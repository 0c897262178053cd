"""No lost updates: version columns, If-Match/ETag through the API, conflicts in the admin."""

import pytest
from django.urls import reverse

from claims.models import Claim, Quote
from claims.versioning import VersionConflict
from tests.factories import ClaimFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_every_save_bumps_the_version():
    claim = ClaimFactory()
    assert claim.version == 1
    claim.text = "Edited."
    claim.save()
    claim.refresh_from_db()
    assert claim.version == 2


def test_a_save_based_on_a_stale_version_is_refused():
    first_editor = Claim.objects.get(pk=ClaimFactory(text="Original.").pk)
    second_editor = Claim.objects.get(pk=first_editor.pk)
    first_editor.text, first_editor.expected_version = "First edit.", 1
    first_editor.save()
    second_editor.text, second_editor.expected_version = "Second edit.", 1
    with pytest.raises(VersionConflict):
        second_editor.save()
    assert Claim.objects.get(pk=first_editor.pk).text == "First edit."


def test_reads_carry_an_etag(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(f"/api/claims/{claim.id}/")
    assert response["ETag"] == '"1"'


def test_writes_without_if_match_are_428(editor_client):
    claim = ClaimFactory(text="Original.")
    response = editor_client.patch(f"/api/claims/{claim.id}/", {"text": "Edited."}, format="json")
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert editor_client.delete(f"/api/quotes/{QuoteFactory().id}/").status_code == 428
    claim.refresh_from_db()
    assert claim.text == "Original."


def test_two_clients_editing_in_turn_the_second_gets_412(editor_client, reviewer_client):
    claim = ClaimFactory(text="Original.")
    tag = editor_client.get(f"/api/claims/{claim.id}/")["ETag"]
    assert reviewer_client.get(f"/api/claims/{claim.id}/")["ETag"] == tag

    first = editor_client.patch(f"/api/claims/{claim.id}/", {"text": "First."}, format="json", HTTP_IF_MATCH=tag)
    second = reviewer_client.patch(f"/api/claims/{claim.id}/", {"text": "Second."}, format="json",
                                   HTTP_IF_MATCH=tag)  # fmt: skip

    assert first.status_code == 200 and first["ETag"] == '"2"'
    assert second.status_code == 412
    claim.refresh_from_db()
    assert claim.text == "First."
    third = reviewer_client.patch(f"/api/claims/{claim.id}/", {"text": "Second."}, format="json",
                                  HTTP_IF_MATCH=first["ETag"])  # fmt: skip
    assert third.status_code == 200


def test_stale_delete_is_412(editor_client):
    quote = QuoteFactory()
    Quote.objects.get(pk=quote.pk).save()  # someone else saved it meanwhile
    assert editor_client.delete(f"/api/quotes/{quote.id}/", HTTP_IF_MATCH='"1"').status_code == 412
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_a_malformed_if_match_is_412(editor_client):
    claim = ClaimFactory()
    response = editor_client.patch(f"/api/claims/{claim.id}/", {"text": "x"}, format="json", HTTP_IF_MATCH="abc")
    assert response.status_code == 412


def test_second_admin_save_gets_a_conflict_message_and_overwrites_nothing(admin_client):
    speaker = SpeakerFactory(name="Original Name")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    form_one = admin_client.get(url).context["adminform"].form
    form_two = admin_client.get(url).context["adminform"].form

    def data(form, name):
        values = {field: form[field].value() for field in form.fields}
        values.update({"name": name, "aliases": "", "organization": ""})
        return {k: ("" if v is None else v) for k, v in values.items()}

    assert admin_client.post(url, data(form_one, "First Editor")).status_code == 302
    response = admin_client.post(url, data(form_two, "Second Editor"))
    assert response.status_code == 200
    assert "changed since you opened it" in response.content.decode()
    speaker.refresh_from_db()
    assert speaker.name == "First Editor"
